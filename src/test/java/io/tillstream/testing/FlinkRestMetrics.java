package io.tillstream.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.flink.api.common.JobID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a running job's operator metrics through Flink's REST API, summed over subtasks: what the
 * web UI shows, and what an operator's dashboard would scrape.
 */
public final class FlinkRestMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final JobID job;

    public FlinkRestMetrics(int restPort, JobID job) {
        this.base = "http://localhost:" + restPort;
        this.job = job;
    }

    /** The sum over all vertices and subtasks of every operator metric named {@code metric}; 0 if none yet. */
    public long sum(String metric) throws IOException, InterruptedException {
        long total = 0;
        for (JsonNode vertex : get("/jobs/" + job + "").path("vertices")) {
            String vertexPath =
                    "/jobs/" + job + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
            StringBuilder ids = new StringBuilder();
            for (JsonNode available : get(vertexPath)) {
                String id = available.path("id").asText();
                if (id.endsWith("." + metric)) {
                    ids.append(ids.isEmpty() ? "" : ",").append(id);
                }
            }
            if (!ids.isEmpty()) {
                for (JsonNode value : get(vertexPath + "?agg=sum&get=" + ids)) {
                    total += (long) value.path("sum").asDouble();
                }
            }
        }
        return total;
    }

    /** A job-level metric such as {@code numRestarts}; 0 if not reported yet. */
    public long job(String metric) throws IOException, InterruptedException {
        for (JsonNode value : get("/jobs/" + job + "/metrics?get=" + metric)) {
            return (long) value.path("value").asDouble();
        }
        return 0;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
