package io.tillstream.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The compose bundle (docker-compose.yml, Dockerfile, .env.example, postgres/, minio/, grafana/
 * provisioning) checked without Docker: against the compose specification's JSON schema, and
 * against each other. A mistake here would otherwise show only on a user's first `docker compose
 * up`.
 */
class ClusterBundleTest {
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path DOCKERIGNORE = Path.of(".dockerignore");
    private static final Path ENV_EXAMPLE = Path.of(".env.example");
    private static final Path PROVISIONING = Path.of("grafana/provisioning");
    private static final Path DASHBOARDS = Path.of("grafana/dashboards");
    private static final Path ROLES = Path.of("postgres/roles.sql");
    /** Where compose services find the repository's files (mounts, the submit image). */
    private static final Pattern CONTAINER_PATH = Pattern.compile("/opt/tillstream/[\\w./-]+");

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{(\\w+)(:?[-?])?([^}]*)}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET).*");

    /**
     * Compose validates the file after it has resolved YAML anchors and merge keys, as here.
     * The schema is the compose specification's own (compose-spec/compose-spec, schema/compose-spec.json).
     */
    @Test
    void composeFileFollowsTheComposeSpecification() throws IOException {
        JsonNode compose = new ObjectMapper().valueToTree(Compose.load().document());
        JsonNode spec;
        try (InputStream in = getClass().getResourceAsStream("/deploy/compose-spec.json")) {
            spec = new ObjectMapper().readTree(in);
        }
        // its $id is a bare file name, which the validator rejects; every $ref in it is local
        ((ObjectNode) spec).remove("$id");
        Set<ValidationMessage> errors = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(spec)
                .validate(compose);
        assertEquals(Set.of(), errors, "docker-compose.yml against the compose specification");
    }

    /** Every secret is required, names itself when missing, and is listed in .env.example. */
    @Test
    void secretsAreRequiredNeverDefaultedAndListedInTheEnvExample() throws IOException {
        Compose compose = Compose.load();
        Set<String> example = envExampleNames();
        Set<String> used = new TreeSet<>();
        List<Executable> checks = new ArrayList<>();
        compose.services().forEach((name, service) -> service.environment().forEach((key, value) -> {
            Matcher m = INTERPOLATION.matcher(value);
            while (m.find()) {
                String variable = m.group(1);
                used.add(variable);
                if (SECRET_NAME.matcher(variable).matches()) {
                    String where = name + "." + key + " = " + value;
                    String operator = m.group(2);
                    String message = m.group(3);
                    checks.add(() -> assertEquals(":?", operator, where + ": a secret must be required (${VAR:?…})"));
                    checks.add(() -> assertTrue(message.contains(variable), where + ": the message names it"));
                }
            }
            if (SECRET_NAME.matcher(key).matches() || key.startsWith("AWS_SECRET")) {
                checks.add(() -> assertTrue(
                        INTERPOLATION.matcher(value).matches(),
                        name + "." + key + " holds a literal, not a variable from .env"));
            }
        }));
        assertAll("secrets", checks);
        assertEquals(used, example, "variables compose reads = variables .env.example lists");
    }

    @Test
    void everyMountAndEveryPathAScriptUsesExists() throws IOException {
        Compose compose = Compose.load();
        List<Executable> checks = new ArrayList<>();
        compose.services().forEach((name, service) -> {
            for (Compose.Mount mount : service.mounts()) {
                checks.add(() -> assertTrue(Files.exists(mount.source()), name + " mounts missing " + mount.source()));
            }
        });
        // container paths in each service's command, entrypoint and scripts resolve to a file
        Map<String, List<Path>> scripts = Map.of(
                "postgres", List.of(Path.of("postgres/initdb.d/10-tillstream-roles.sh")),
                "minio-init", List.of(Path.of("minio/init.sh")),
                "submit", List.of(Path.of("docker/submit.sh")));
        List<Compose.Mount> image = dockerfileCopies();
        compose.services().forEach((name, service) -> {
            StringBuilder text = new StringBuilder(service.commands());
            for (Path script : scripts.getOrDefault(name, List.of())) {
                text.append(read(script));
            }
            List<Compose.Mount> sources = new ArrayList<>(service.mounts());
            if (service.builds()) {
                sources.addAll(image);
            }
            Matcher m = CONTAINER_PATH.matcher(text);
            while (m.find()) {
                String target = m.group();
                checks.add(() -> assertTrue(
                        sources.stream().anyMatch(mount -> mount.resolves(target)),
                        name + " uses " + target + ", which no mount or image file provides"));
            }
        });
        assertAll("mounts", checks);
        assertFalse(scripts.keySet().stream().anyMatch(s -> !compose.services().containsKey(s)), "services renamed");
    }

    /** The image is built from the repository's files; .dockerignore must let every one of them in. */
    @Test
    void theImageBuildsFromFilesTheBuildContextHolds() throws IOException {
        Set<String> allowed = new TreeSet<>();
        for (String line : Files.readAllLines(DOCKERIGNORE)) {
            if (line.startsWith("!")) {
                allowed.add(line.substring(1).replaceAll("/$", ""));
            }
        }
        List<Executable> checks = new ArrayList<>();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("COPY") && !line.contains("--from=")) {
                String source = words[words.length - 2];
                checks.add(() -> assertTrue(Files.exists(Path.of(source)), "COPY " + source + " missing"));
                checks.add(() -> assertTrue(
                        allowed.stream().anyMatch(a -> source.equals(a) || source.startsWith(a + "/")),
                        "COPY " + source + " is excluded by .dockerignore"));
            }
        }
        assertFalse(checks.isEmpty(), "no COPY in the Dockerfile");
        assertAll("Dockerfile", checks);
        assertFalse(allowed.contains(".env"), "secrets never go into the image");
    }

    /**
     * The pg_isready healthcheck must use TCP: while PostgreSQL initialises a new volume, the image
     * runs a temporary server on the socket only (docker-library/postgres docker_temp_server_start),
     * and a socket check reports that server ready before the roles exist.
     */
    @Test
    void postgresIsHealthyOnlyOnceItListensOnTcp() throws IOException {
        Compose.Service postgres = Compose.load().services().get("postgres");
        String check = String.join(" ", postgres.healthcheck());
        assertTrue(check.contains("pg_isready") && check.contains("--host=127.0.0.1"), check);
        assertTrue(postgres.commands().contains("max_prepared_transactions="), "the XA sinks need it");
    }

    /** Grafana's provisioning: one datasource uid everywhere, and the environment it substitutes. */
    @Test
    void provisioningAgreesWithComposeAndItself() throws IOException {
        Compose compose = Compose.load();
        Compose.Service grafana = compose.services().get("grafana");
        Compose.Service postgres = compose.services().get("postgres");
        Map<String, Object> datasource = Compose.<Map<String, Object>>list(
                        Compose.yaml(PROVISIONING.resolve("datasources/tillstream.yaml"))
                                .get("datasources"))
                .get(0);
        String uid = (String) datasource.get("uid");
        List<Executable> checks = new ArrayList<>();

        Set<String> uids = new TreeSet<>();
        try (Stream<Path> dashboards = Files.list(DASHBOARDS)) {
            for (Path dashboard :
                    dashboards.filter(p -> p.toString().endsWith(".json")).toList()) {
                new ObjectMapper()
                        .readTree(dashboard.toFile())
                        .findValues("datasource")
                        .forEach(ds -> uids.add(ds.path("uid").asText()));
            }
        }
        uids.remove("-- Grafana --");
        Matcher rules = Pattern.compile("datasourceUid: (\\S+)")
                .matcher(read(PROVISIONING.resolve("alerting/tillstream.yaml")));
        while (rules.find()) {
            uids.add(rules.group(1));
        }
        uids.remove("__expr__");
        checks.add(() -> assertEquals(Set.of(uid), uids, "datasource uids the dashboards and alert rules use"));

        // every $VAR Grafana substitutes into provisioning comes from its service's environment
        try (Stream<Path> files = Files.walk(PROVISIONING)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                // alert templates ({{ $values.B.Value }}) sit in annotations, which Grafana does not
                // interpolate (grafana/grafana#54975)
                String text = read(file).replaceAll("\\{\\{.*?}}", "");
                Matcher m = Pattern.compile("\\$\\{?(\\w+)").matcher(text);
                while (m.find()) {
                    String variable = m.group(1);
                    checks.add(() ->
                            assertTrue(grafana.environment().containsKey(variable), file + " reads $" + variable));
                }
            }
        }
        String password = "TILLSTREAM_GRAFANA_PASSWORD";
        checks.add(() -> assertEquals(
                grafana.environment().get(password),
                postgres.environment().get(password),
                "postgres sets grafana_reader's password (postgres/roles.sql) from the same variable"));
        checks.add(() -> assertEquals("grafana_reader", datasource.get("user")));
        checks.add(() -> assertTrue(read(ROLES).contains("CREATE ROLE grafana_reader LOGIN")));
        checks.add(() -> assertEquals(
                postgres.environment().get("POSTGRES_DB"),
                ((Map<?, ?>) datasource.get("jsonData")).get("database"),
                "datasource database"));
        checks.add(() -> assertEquals("postgres:5432", datasource.get("url")));

        Map<String, Object> provider = Compose.<Map<String, Object>>list(
                        Compose.yaml(PROVISIONING.resolve("dashboards/tillstream.yaml"))
                                .get("providers"))
                .get(0);
        String dashboardsPath = (String) ((Map<?, ?>) provider.get("options")).get("path");
        checks.add(() -> assertTrue(
                grafana.mounts().stream()
                        .anyMatch(m ->
                                m.target().equals(dashboardsPath) && m.source().equals(DASHBOARDS)),
                "the dashboards provider reads " + dashboardsPath + ", where ./grafana/dashboards is mounted"));
        checks.add(() -> assertTrue(
                grafana.mounts().stream()
                        .anyMatch(m -> m.target().equals("/etc/grafana/provisioning")
                                && m.source().equals(PROVISIONING)),
                "provisioning mounted where Grafana reads it"));
        assertAll("provisioning", checks);
    }

    private static List<Compose.Mount> dockerfileCopies() throws IOException {
        List<Compose.Mount> copies = new ArrayList<>();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            String[] words = line.trim().split("\\s+");
            if (words[0].equals("COPY") && !line.contains("--from=")) {
                copies.add(new Compose.Mount(Path.of(words[words.length - 2]), words[words.length - 1]));
            } else if (words[0].equals("COPY")) {
                // built in the image: the job jar
                copies.add(new Compose.Mount(null, words[words.length - 1]));
            }
        }
        return copies;
    }

    private static Set<String> envExampleNames() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^#? ?([A-Z][A-Z0-9_]+)=").matcher(read(ENV_EXAMPLE));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
