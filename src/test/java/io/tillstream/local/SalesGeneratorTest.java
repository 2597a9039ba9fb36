package io.tillstream.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillstream.local.SalesTruth.ProductKey;
import io.tillstream.local.SalesTruth.Tally;
import io.tillstream.parse.Keys;
import io.tillstream.parse.ParseOutcome;
import io.tillstream.parse.Receipt;
import io.tillstream.parse.ReceiptParser;
import io.tillstream.parse.SaleItem;
import io.tillstream.source.SourceLine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class SalesGeneratorTest {
    private static final Pattern CURRENT_NAME = Pattern.compile("[a-z_]+_\\d{2}-\\d{2}-\\d{4}_08-00-00\\.csv(\\.gz)?");
    private static final Pattern LEGACY_NAME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}-[a-z-]+\\.csv(\\.gz)?");
    // more branches than the real chain has, so invented names are used too
    private static final SalesGenerator.Spec SPEC =
            SalesGenerator.Spec.defaults().withBranches(14).withGzipFraction(0.3);

    private final GeneratedDataset dataset = new SalesGenerator(42).generate(SPEC);

    @Test
    void sameSeedGivesByteIdenticalFiles() {
        List<GeneratedFile> again = new SalesGenerator(42).generate(SPEC).files();

        assertEquals(dataset.files().size(), again.size());
        for (int i = 0; i < again.size(); i++) {
            assertEquals(dataset.files().get(i).name(), again.get(i).name());
            assertArrayEquals(dataset.files().get(i).content(), again.get(i).content());
        }
        assertNotEquals(dataset.files(), new SalesGenerator(43).generate(SPEC).files());
    }

    @Test
    void filesAreNamedAfterTheirLayoutAndEndLikeTheRealOnes() {
        List<GeneratedFile> files = dataset.files();
        Set<String> names = new HashSet<>();
        for (GeneratedFile file : files) {
            Pattern expected = file.legacy() ? LEGACY_NAME : CURRENT_NAME;
            assertTrue(expected.matcher(file.name()).matches(), file.name());
            assertTrue(names.add(file.name()), file.name());
            assertTrue(text(file).endsWith("\n "), file.name());
        }
        assertEquals(56, files.size());
        assertEquals(14, files.stream().filter(GeneratedFile::legacy).count());
        assertEquals(17, files.stream().filter(GeneratedFile::gzipped).count());
        Set<String> branches = dataset.truth().receiptsPerBranch().keySet();
        assertEquals(14, branches.size());
        assertTrue(branches.containsAll(Set.of("London Brixton", "Isle of Wight")));
    }

    @Test
    void everyLineParsesAndTheReceiptsAddUpToTheTruth() {
        List<Receipt> receipts = parseAll(dataset.files());
        SalesTruth truth = dataset.truth();

        Map<String, Long> perBranch = new HashMap<>();
        Map<ProductKey, Tally> products = new HashMap<>();
        long items = 0;
        BigDecimal revenue = BigDecimal.ZERO.setScale(2);
        for (Receipt receipt : receipts) {
            perBranch.merge(receipt.branchName(), 1L, Long::sum);
            for (SaleItem item : receipt.items()) {
                items++;
                revenue = revenue.add(item.price());
                ProductKey key = new ProductKey(receipt.branchName(), item.productName(), item.size(), item.flavour());
                products.merge(key, new Tally(1, item.price()), Tally::plus);
            }
        }

        assertEquals(56L * 40, truth.totalReceipts());
        assertEquals(truth.totalReceipts(), receipts.size());
        assertEquals(truth.totalItems(), items);
        assertEquals(truth.totalRevenue(), revenue);
        assertEquals(truth.receiptsPerBranch(), perBranch);
        assertEquals(truth.products(), products);
        assertEquals(
                receipts.size(),
                receipts.stream().map(Receipt::saleId).distinct().count());
    }

    @Test
    void theDataHasTheRealQuirks() {
        String all = String.join(
                "\n", dataset.files().stream().map(SalesGeneratorTest::text).toList());
        Set<String> sizes = new HashSet<>();
        Set<String> productNames = new HashSet<>();
        dataset.truth().products().keySet().forEach(key -> {
            sizes.add(key.size());
            productNames.add(key.product());
        });

        assertTrue(all.contains("Hot Chocolate") && all.contains("Hot chocolate"));
        assertTrue(productNames.contains("Hot chocolate") && !productNames.contains("Hot Chocolate"));
        assertTrue(productNames.contains("Speciality tea"));
        assertEquals(Set.of("Regular", "Large", "Standard"), sizes);
        assertTrue(Pattern.compile(",\\d+\\.\\d,CA(SH|RD),").matcher(all).find(), "a total like 5.2");
        assertTrue(all.contains(",None\n") && all.contains("\",CARD,"));
        dataset.truth().cardNumbers().forEach(number -> assertTrue(all.contains(number)));
        dataset.truth().customerNames().forEach(name -> assertTrue(all.contains("," + name + ",")));
    }

    private static List<Receipt> parseAll(List<GeneratedFile> files) {
        ReceiptParser parser = new ReceiptParser(new Keys("0123456789abcdef-test"), ZoneId.of("Europe/London"));
        List<Receipt> receipts = new ArrayList<>();
        for (GeneratedFile file : files) {
            String[] lines = text(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                ParseOutcome outcome = parser.parse(new SourceLine(file.name(), i + 1, lines[i]));
                receipts.add(assertInstanceOf(ParseOutcome.Parsed.class, outcome, () -> file.name() + ":" + outcome)
                        .receipt());
            }
        }
        return receipts;
    }

    private static String text(GeneratedFile file) {
        if (!file.gzipped()) {
            return new String(file.content(), UTF_8);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file.content()))) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
