package io.tillstream.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.shaded.jackson2.org.yaml.snakeyaml.LoaderOptions;
import org.apache.flink.shaded.jackson2.org.yaml.snakeyaml.Yaml;
import org.apache.flink.shaded.jackson2.org.yaml.snakeyaml.constructor.SafeConstructor;

/** docker-compose.yml as compose reads it, with anchors and merge keys resolved. */
record Compose(Map<String, Object> document, Map<String, Service> services) {
    static final Path FILE = Path.of("docker-compose.yml");

    /** A bind mount: a repository path (null for a file built into an image) at a container path. */
    record Mount(Path source, String target) {
        /** Whether {@code path} in the container is this mount's file, or one inside it that exists. */
        boolean resolves(String path) {
            if (path.equals(target)) {
                return source == null || Files.exists(source);
            }
            return source != null
                    && path.startsWith(target + "/")
                    && Files.exists(source.resolve(path.substring(target.length() + 1)));
        }
    }

    record Service(Map<String, Object> definition) {
        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            Object value = definition.get("environment");
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> environment.put((String) k, v == null ? "" : String.valueOf(v)));
            }
            return environment;
        }

        List<Mount> mounts() {
            List<Mount> mounts = new ArrayList<>();
            Object volumes = definition.get("volumes");
            if (volumes instanceof List<?> list) {
                for (Object volume : list) {
                    String[] parts = String.valueOf(volume).split(":");
                    if (parts[0].startsWith("./")) {
                        mounts.add(new Mount(Path.of(parts[0]).normalize(), parts[1]));
                    }
                }
            }
            return mounts;
        }

        /** Entrypoint and command, as one text. */
        String commands() {
            return words(definition.get("entrypoint")) + " " + words(definition.get("command"));
        }

        List<String> healthcheck() {
            Object check = definition.get("healthcheck");
            return check instanceof Map<?, ?> map ? list(map.get("test")) : List.of();
        }

        boolean builds() {
            return definition.containsKey("build");
        }

        private static String words(Object value) {
            if (value instanceof List<?> list) {
                return String.join(" ", list.stream().map(String::valueOf).toList());
            }
            return value == null ? "" : String.valueOf(value);
        }
    }

    static Compose load() throws IOException {
        Map<String, Object> document = yaml(FILE);
        Map<String, Service> services = new LinkedHashMap<>();
        Map<String, Object> definitions = map(document.get("services"));
        definitions.forEach((name, definition) -> services.put(name, new Service(map(definition))));
        return new Compose(document, services);
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        // SnakeYAML (shaded in Flink's Jackson) resolves anchors and merge keys, as compose does
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> list(Object value) {
        return value == null ? List.of() : (List<T>) value;
    }
}
