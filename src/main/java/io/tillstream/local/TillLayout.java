package io.tillstream.local;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/** The two file layouts the tills produce (see {@code ../shared/data/README.md}). */
enum TillLayout {
    /** {@code london_brixton_23-03-2021_08-00-00.csv}, one line per sale, items as {@code Large Latte - 2.45}. */
    CURRENT(List.of("Regular", "Large")) {
        @Override
        String fileName(String branch, LocalDate day, LocalTime opening) {
            return Names.slug(branch, '_') + "_" + day.format(DAY_MONTH_YEAR) + "_" + opening.format(HOUR_MINUTE_SECOND)
                    + ".csv";
        }

        @Override
        String line(Sale sale) {
            String items = sale.items().stream()
                    .map(item -> item.size() + " " + item.described() + " - " + item.price())
                    .collect(Collectors.joining(", "));
            return String.join(
                    ",",
                    sale.time().format(CURRENT_TIME),
                    sale.branch(),
                    sale.customer(),
                    sale.items().size() > 1 ? '"' + items + '"' : items,
                    sale.terseTotal() ? terse(sale.total()) : sale.total().toPlainString(),
                    payment(sale),
                    sale.cardNumber());
        }
    },

    /** {@code 2021-02-23-isle-of-wight.csv}: a flat basket of size, product, price; total after payment type. */
    LEGACY(List.of("Regular", "Large", Sale.STANDARD)) {
        @Override
        String fileName(String branch, LocalDate day, LocalTime opening) {
            return day + "-" + Names.slug(branch, '-') + ".csv";
        }

        @Override
        String line(Sale sale) {
            String basket = sale.items().stream()
                    .map(item -> (item.size().equals(Sale.STANDARD) ? "" : item.size()) + "," + item.described() + ","
                            + terse(item.price()))
                    .collect(Collectors.joining(","));
            return String.join(
                    ",",
                    sale.time().format(LEGACY_TIME),
                    sale.branch(),
                    sale.customer(),
                    '"' + basket + '"',
                    payment(sale),
                    sale.total().toPlainString(),
                    sale.card() ? '"' + sale.cardType() + "," + sale.cardNumber() + '"' : "None");
        }
    };

    private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("dd-MM-uuuu");
    private static final DateTimeFormatter HOUR_MINUTE_SECOND = DateTimeFormatter.ofPattern("HH-mm-ss");
    private static final DateTimeFormatter CURRENT_TIME = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm");
    private static final DateTimeFormatter LEGACY_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final List<String> sizes;

    TillLayout(List<String> sizes) {
        this.sizes = sizes;
    }

    /** The sizes this layout can write; only the legacy layout leaves the size blank. */
    List<String> sizes() {
        return sizes;
    }

    abstract String fileName(String branch, LocalDate day, LocalTime opening);

    abstract String line(Sale sale);

    private static String payment(Sale sale) {
        return sale.card() ? "CARD" : "CASH";
    }

    /** How the exporting scripts printed floats: {@code 5.2}, {@code 2.0}, {@code 2.45}. */
    private static String terse(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return (stripped.scale() < 1 ? stripped.setScale(1) : stripped).toPlainString();
    }
}
