package io.tillstream.warehouse;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a dashboard's PostgreSQL query into the SQL Grafana 11 sends to the database, in Grafana's
 * order: the browser substitutes template variables and {@code $__interval}; the server then
 * applies the global SQL substitutions (sqleng {@code Interpolate}) and the PostgreSQL macro engine
 * ({@code pkg/tsdb/grafana-postgresql-datasource/macros.go}, without TimescaleDB).
 */
public final class GrafanaMacros {
    /**
     * The dashboard's state when a query runs: its time range, the panel's interval, and the
     * selected values of each (multi-value) template variable.
     */
    public record Context(Instant from, Instant to, Duration interval, Map<String, List<String>> variables) {
        Context withInterval(Duration value) {
            return new Context(from, to, value, variables);
        }
    }

    // Grafana's own patterns: template variables in the browser, macros in the server
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}|\\$(\\w+)");
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)(ms|s|m|h|d|w|M|y)");
    private static final Pattern LEFTOVER = Pattern.compile("\\$[_a-zA-Z{]");

    private GrafanaMacros() {}

    public static String expand(String sql, Context context) {
        String browser = substituteVariables(sql, context);
        String server = browser.replace(
                        "$__interval_ms", Long.toString(context.interval().toMillis()))
                .replace("$__interval", intervalText(context.interval()))
                .replace("$__unixEpochFrom()", Long.toString(context.from().getEpochSecond()))
                .replace("$__unixEpochTo()", Long.toString(context.to().getEpochSecond()));
        String expanded = expandMacros(server, context);
        Matcher leftover = LEFTOVER.matcher(expanded);
        if (leftover.find()) {
            throw new IllegalArgumentException("unexpanded '" + leftover.group() + "' in: " + expanded);
        }
        return expanded;
    }

    /**
     * Grafana's choice of {@code $__interval}: the range over the panel's data points, rounded to a
     * "nice" step ({@code rangeutil.roundInterval}), and at least the panel's minimum interval.
     */
    static Duration panelInterval(Instant from, Instant to, int maxDataPoints, Duration minimum) {
        long rounded = roundInterval(Duration.between(from, to).toMillis() / maxDataPoints);
        return Duration.ofMillis(Math.max(rounded, minimum.toMillis()));
    }

    /** {@code 15m}, {@code 1h}, {@code 2d}: Grafana's interval strings ({@code gtime.ParseInterval}). */
    static Duration parseInterval(String text) {
        Matcher m = INTERVAL.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Grafana interval: " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            case "M" -> Duration.ofDays(30 * n);
            default -> Duration.ofDays(365 * n);
        };
    }

    private static String substituteVariables(String sql, Context context) {
        Matcher m = VARIABLE.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(3);
            String format = m.group(2);
            String value;
            if (context.variables().containsKey(name)) {
                value = format(context.variables().get(name), format);
            } else if (name.equals("__interval") && format == null) {
                value = intervalText(context.interval());
            } else if (name.equals("__interval_ms") && format == null) {
                value = Long.toString(context.interval().toMillis());
            } else {
                value = m.group(); // not a variable: left for the server, like $__timeFilter
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A multi-value variable in a SQL datasource: by default each value is quoted as a literal and
     * the values are joined with commas (also {@code :sqlstring}); {@code :csv} and {@code :raw}
     * join them unquoted.
     */
    private static String format(List<String> values, String format) {
        if (format == null || format.equals("sqlstring") || format.equals("singlequote")) {
            return values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(","));
        }
        if (format.equals("csv") || format.equals("raw")) {
            return String.join(",", values);
        }
        throw new IllegalArgumentException("variable format not handled by this test: " + format);
    }

    private static String expandMacros(String sql, Context context) {
        Matcher m = MACRO.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            // Grafana: $__timeGroup directly followed by a comma is the pre-5.3 alias form
            if (name.equals("__timeGroup") && m.end() < sql.length() && sql.charAt(m.end()) == ',') {
                name = "__timeGroupAlias";
            }
            List<String> args = new ArrayList<>();
            for (String arg : m.group(2).split(",", -1)) {
                args.add(arg.strip());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(macro(name, args, context)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String macro(String name, List<String> args, Context context) {
        String from = quoted(context.from());
        String to = quoted(context.to());
        return switch (name) {
            case "__time" -> column(name, args) + " AS \"time\"";
            case "__timeEpoch" -> "extract(epoch from " + column(name, args) + ") as \"time\"";
            case "__timeFilter" -> column(name, args) + " BETWEEN " + from + " AND " + to;
            case "__timeFrom" -> from;
            case "__timeTo" -> to;
            case "__timeGroup" -> timeGroup(name, args);
            case "__timeGroupAlias" -> timeGroup(name, args) + " AS \"time\"";
            case "__unixEpochFilter" ->
                column(name, args) + " >= " + context.from().getEpochSecond() + " AND " + args.get(0) + " <= "
                        + context.to().getEpochSecond();
            case "__unixEpochNanoFilter" ->
                column(name, args) + " >= " + nanos(context.from()) + " AND " + args.get(0) + " <= "
                        + nanos(context.to());
            case "__unixEpochNanoFrom" -> Long.toString(nanos(context.from()));
            case "__unixEpochNanoTo" -> Long.toString(nanos(context.to()));
            case "__unixEpochGroup" ->
                "floor((" + column(name, args) + ")/" + seconds(groupInterval(name, args)) + ")*"
                        + seconds(groupInterval(name, args));
            case "__unixEpochGroupAlias" ->
                "floor((" + column(name, args) + ")/" + seconds(groupInterval(name, args)) + ")*"
                        + seconds(groupInterval(name, args)) + " AS \"time\"";
            default -> throw new IllegalArgumentException("unknown macro \"" + name + "\"");
        };
    }

    private static String timeGroup(String name, List<String> args) {
        String step = seconds(groupInterval(name, args));
        return "floor(extract(epoch from " + args.get(0) + ")/" + step + ")*" + step;
    }

    private static Duration groupInterval(String name, List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException(
                    "macro " + name + " needs time column and interval and optional fill value");
        }
        return parseInterval(args.get(1).replace("'", ""));
    }

    private static String column(String name, List<String> args) {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new IllegalArgumentException("missing time column argument for macro " + name);
        }
        return args.get(0);
    }

    /** RFC 3339 in UTC, as Go's {@code time.RFC3339Nano} prints whole seconds. */
    private static String quoted(Instant instant) {
        return "'" + DateTimeFormatter.ISO_INSTANT.format(instant) + "'";
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Seconds as Go's {@code %v} prints a float64: {@code 900}, {@code 0.5}, {@code 2.592e+06}. */
    private static String seconds(Duration interval) {
        BigDecimal value = BigDecimal.valueOf(interval.toMillis(), 3).stripTrailingZeros();
        int exponent = value.precision() - value.scale() - 1;
        if (value.signum() != 0 && (exponent < -4 || exponent >= 6)) {
            String digits = value.unscaledValue().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return mantissa + (exponent < 0 ? "e-" : "e+") + String.format("%02d", Math.abs(exponent));
        }
        return value.toPlainString();
    }

    /** The browser's text for an interval ({@code kbn.secondsToHms}) for the round steps used here. */
    private static String intervalText(Duration interval) {
        long ms = interval.toMillis();
        long[] units = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1};
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                return ms / units[i] + names[i];
            }
        }
        return "0s";
    }

    /** {@code rangeutil.roundInterval} in Grafana 11, in milliseconds. */
    private static long roundInterval(long ms) {
        long[][] steps = {
            {10, 1},
            {15, 10},
            {35, 20},
            {75, 50},
            {150, 100},
            {350, 200},
            {750, 500},
            {1_500, 1_000},
            {3_500, 2_000},
            {7_500, 5_000},
            {12_500, 10_000},
            {17_500, 15_000},
            {25_000, 20_000},
            {45_000, 30_000},
            {90_000, 60_000},
            {210_000, 120_000},
            {450_000, 300_000},
            {750_000, 600_000},
            {1_050_000, 900_000},
            {1_500_000, 1_200_000},
            {2_700_000, 1_800_000},
            {5_400_000, 3_600_000},
            {9_000_000, 7_200_000},
            {16_200_000, 10_800_000},
            {32_400_000, 21_600_000},
            {86_400_000, 43_200_000},
            {604_800_000, 86_400_000},
            {1_814_400_000, 604_800_000},
            {3_628_800_000L, 2_592_000_000L}
        };
        for (long[] step : steps) {
            if (ms < step[0]) {
                return step[1];
            }
        }
        return 31_536_000_000L;
    }
}
