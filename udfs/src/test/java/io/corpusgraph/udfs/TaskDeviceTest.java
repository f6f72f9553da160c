package io.corpusgraph.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

class TaskDeviceTest {

    @Test
    void theGpuSparkAssignsToTheTaskWinsOverTheConfiguredDevice() {
        Map<String, ResourceInformation> resources = Map.of("gpu", new ResourceInformation("gpu", new String[] {"3"}));
        assertEquals("cuda:3", TaskDevice.choose("cpu", resources));
    }

    @Test
    void withoutGpuSchedulingTheConfiguredDeviceApplies() {
        assertEquals("auto", TaskDevice.choose("auto", Map.of()));
        assertEquals("cuda:1", TaskDevice.choose("cuda:1", Map.of("fpga", new ResourceInformation("fpga", new String[] {"0"}))));
    }

    @Test
    void outsideATaskTheConfiguredDeviceApplies() {
        assertEquals("cpu", TaskDevice.forCurrentTask("cpu"));
    }
}
