package io.corpusgraph.pipeline;

/**
 * One extracted relation: {@code head} —{@code relation}→ {@code tail}, both entities of the same
 * {@link DocumentResult} (the very objects in its entity list), with the relation pass's probability.
 */
public record Relation(Entity head, Entity tail, String relation, float score) {}
