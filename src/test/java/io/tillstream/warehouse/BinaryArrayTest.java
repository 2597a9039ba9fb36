package io.tillstream.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.testing.TestStack;
import io.tillstream.warehouse.BinaryArray.Element;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each element type as PostgreSQL reads it back: the text it would print for the stored value. */
class BinaryArrayTest {
    private static String url;
    private static Connection connection;

    @BeforeAll
    static void connect() throws Exception {
        url = TestStack.get().newDatabase("binary_array");
        connection = TestDataSources.of(url, true).getConnection();
        try (Statement s = connection.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    @Test
    void uuidsInEitherCaseAndEmptyKeysAsNull() throws SQLException {
        BinaryArray ids = new BinaryArray(Element.UUID, 1)
                .uuid("6b1f2a3c-1d2e-8f40-9a1b-2c3d4e5f6a7b")
                .uuid("6B1F2A3C-1D2E-8F40-9A1B-2C3D4E5F6A7C")
                .uuid("")
                .uuid(null)
                .uuid("00000000-0000-0000-0000-000000000000")
                .uuid("ffffffff-ffff-ffff-ffff-ffffffffffff");

        assertEquals(
                Arrays.asList(
                        "6b1f2a3c-1d2e-8f40-9a1b-2c3d4e5f6a7b",
                        "6b1f2a3c-1d2e-8f40-9a1b-2c3d4e5f6a7c",
                        null,
                        null,
                        "00000000-0000-0000-0000-000000000000",
                        "ffffffff-ffff-ffff-ffff-ffffffffffff"),
                asText(ids, "uuid"));
    }

    @Test
    void anythingButAUuidIsRefusedBeforeItIsSent() {
        BinaryArray ids = new BinaryArray(Element.UUID, 1);
        for (String notUuid : List.of(
                "6b1f2a3c-1d2e-8f40-9a1b-2c3d4e5f6a7",
                "6b1f2a3c1d2e-8f40-9a1b-2c3d4e5f6a7b0",
                "6b1f2a3c-1d2e-8f40-9a1b-2c3d4e5f6a7g",
                "chesterfield")) {
            assertThrows(IllegalArgumentException.class, () -> ids.uuid(notUuid), notUuid);
        }
    }

    @Test
    void amountsKeepTheirValueAndScale() throws SQLException {
        List<String> amounts = List.of(
                "0",
                "0.00",
                "2.45",
                "5.20",
                "10.00",
                "0.05",
                "0.0001",
                "999999.99",
                "-1.50",
                "-0.01",
                "12345678.9012",
                "100000000",
                "10000.0001",
                "123456789012345");
        BinaryArray numeric = new BinaryArray(Element.NUMERIC, 2);
        for (String amount : amounts) {
            numeric.numeric(new BigDecimal(amount));
        }
        numeric.numeric(new BigDecimal("1E+3"));

        List<String> expected = new ArrayList<>(amounts);
        expected.add("1000");
        assertEquals(expected, asText(numeric, "numeric"));
    }

    @Test
    void amountsBeyondWhatALongHoldsAreRefused() {
        BinaryArray numeric = new BinaryArray(Element.NUMERIC, 1);
        assertThrows(IllegalArgumentException.class, () -> numeric.numeric(new BigDecimal("1234567890123.456")));
    }

    @Test
    void instantsAndWallClockTimesOnEitherSideOfPostgresEpoch() throws SQLException {
        BinaryArray instants = new BinaryArray(Element.TIMESTAMPTZ, 1)
                .timestamptz(Instant.parse("2021-08-25T09:01:00Z"))
                .timestamptz(Instant.parse("1999-12-31T23:59:59.500Z"))
                .timestamptz(Instant.parse("2000-01-01T00:00:00Z"))
                .timestamptz(Instant.parse("2026-11-29T12:00:00.123456789Z"));
        BinaryArray local = new BinaryArray(Element.TIMESTAMP, 1)
                .timestamp(LocalDateTime.parse("2021-08-25T10:01:00"))
                .timestamp(LocalDateTime.parse("1970-01-01T00:00:00.000001"));

        assertEquals(
                List.of(
                        "2021-08-25 09:01:00+00",
                        "1999-12-31 23:59:59.5+00",
                        "2000-01-01 00:00:00+00",
                        "2026-11-29 12:00:00.123456+00"),
                asText(instants, "timestamptz"));
        assertEquals(List.of("2021-08-25 10:01:00", "1970-01-01 00:00:00.000001"), asText(local, "timestamp"));
    }

    @Test
    void textIntegersAndFlags() throws SQLException {
        BinaryArray text = new BinaryArray(Element.TEXT, 1)
                .text("in/2021/08/25/chesterfield_25-08-2021_09-00-00.csv")
                .text("Café ☕ Zoë")
                .text("")
                .text(null);
        BinaryArray int4 = new BinaryArray(Element.INT4, 1).int4(1).int4(-7).int4(Integer.MAX_VALUE);
        BinaryArray int8 = new BinaryArray(Element.INT8, 1).int8(Long.MIN_VALUE).int8(65_537L);
        BinaryArray bool = new BinaryArray(Element.BOOL, 1).bool(true).bool(false);

        assertEquals(
                Arrays.asList("in/2021/08/25/chesterfield_25-08-2021_09-00-00.csv", "Café ☕ Zoë", "", null),
                asText(text, "text"));
        assertEquals(List.of("1", "-7", "2147483647"), asText(int4, "integer"));
        assertEquals(List.of("-9223372036854775808", "65537"), asText(int8, "bigint"));
        assertEquals(List.of("true", "false"), asText(bool, "boolean"));
    }

    @Test
    void anEmptyArrayHasNoElements() throws SQLException {
        assertEquals(List.of(), asText(new BinaryArray(Element.UUID, 0), "uuid"));
    }

    @Test
    void anElementOfAnotherTypeIsRefused() {
        BinaryArray ids = new BinaryArray(Element.UUID, 1);
        assertThrows(IllegalArgumentException.class, () -> ids.int4(1));
    }

    @Test
    void aConnectionWithoutBinaryTransferFailsInsteadOfBindingNull() throws SQLException {
        try (Connection plain = TestDataSources.of(url, false).getConnection();
                PreparedStatement ps = plain.prepareStatement("SELECT cardinality(?::uuid[])")) {
            BinaryArray ids = new BinaryArray(Element.UUID, 1).uuid("6b1f2a3c-1d2e-8f40-9a1b-2c3d4e5f6a7b");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ps.setObject(1, ids));
            assertTrue(e.getMessage().contains("WarehouseSinks.configure"), e.getMessage());
        }
    }

    private static List<String> asText(BinaryArray array, String type) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT x::text FROM unnest(?::" + type + "[]) WITH ORDINALITY AS u (x, n) ORDER BY n")) {
            ps.setObject(1, array);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
