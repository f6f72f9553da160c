package io.corpusgraph.udfs;

import java.util.Map;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/** Which device a task's extractor runs on. */
final class TaskDevice {

    private TaskDevice() {}

    static String forCurrentTask(String configured) {
        TaskContext task = TaskContext.get();
        return choose(configured, task == null ? Map.of() : task.resourcesJMap());
    }

    /**
     * Under GPU scheduling (spark.executor.resource.gpu.amount, spark.task.resource.gpu.amount) Spark
     * tells each task which GPU it owns, and that wins over the configured device; otherwise the
     * configured device ({@code auto}, {@code cpu}, {@code cuda[:N]}) applies.
     */
    static String choose(String configured, Map<String, ResourceInformation> taskResources) {
        ResourceInformation gpu = taskResources.get("gpu");
        return gpu != null && gpu.addresses().length > 0 ? "cuda:" + gpu.addresses()[0] : configured;
    }
}
