package io.tillstream.parse;

/**
 * A line that could not become a sale, bound for the dead-letter table.
 *
 * @param rejectionId deterministic id of (file, line), so a replayed rejection is stored once
 * @param excerpt the line with customer name and card number masked, truncated
 */
public record Rejection(
        String rejectionId, String sourceFile, long sourceLine, String reasonCode, String reason, String excerpt) {}
