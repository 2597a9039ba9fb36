package io.tillstream.local;

import java.math.BigDecimal;
import java.util.List;

/** The menu and prices of the real tills (see {@code ../shared/data/cafe}). */
final class Catalogue {
    /**
     * @param misspelling another spelling the tills use for the same product, or the empty string
     * @param flavours the flavours offered, empty for plain products
     */
    record Product(String name, String misspelling, List<String> flavours, BigDecimal regular, BigDecimal large) {
        BigDecimal price(String size) {
            return size.equals("Large") ? large : regular;
        }
    }

    private static final List<String> SYRUPS = List.of("Caramel", "Hazelnut", "Vanilla");

    static final List<Product> PRODUCTS = List.of(
            plain("Americano", "1.95", "2.25"),
            plain("Cappuccino", "2.15", "2.45"),
            plain("Chai latte", "2.30", "2.60"),
            plain("Cortado", "2.05", "2.35"),
            plain("Espresso", "1.50", "1.80"),
            plain("Filter coffee", "1.50", "1.80"),
            plain("Flat white", "2.15", "2.45"),
            flavoured("Flavoured hot chocolate", SYRUPS, "2.60", "2.90"),
            flavoured("Flavoured iced latte", SYRUPS, "2.75", "3.25"),
            flavoured("Flavoured latte", List.of("Caramel", "Gingerbread", "Hazelnut", "Vanilla"), "2.55", "2.85"),
            flavoured("Frappes", List.of("Chocolate Cookie", "Coffee", "Strawberries & Cream"), "2.75", "3.25"),
            plain("Glass of milk", "0.70", "1.10"),
            new Product("Hot chocolate", "Hot Chocolate", List.of(), price("2.20"), price("2.90")),
            plain("Iced americano", "2.15", "2.50"),
            plain("Iced latte", "2.35", "2.85"),
            plain("Latte", "2.15", "2.45"),
            plain("Luxury hot chocolate", "2.40", "2.70"),
            plain("Mocha", "2.30", "2.70"),
            plain("Red Label tea", "1.20", "1.80"),
            flavoured("Smoothies", List.of("Berry Beautiful", "Carrot Kick", "Glowing Greens"), "2.00", "2.50"),
            flavoured(
                    "Speciality Tea",
                    List.of("Camomile", "Darjeeling", "Earl Grey", "English breakfast", "Fruit", "Green", "Peppermint"),
                    "1.30",
                    "1.60"));

    private Catalogue() {}

    private static Product plain(String name, String regular, String large) {
        return flavoured(name, List.of(), regular, large);
    }

    private static Product flavoured(String name, List<String> flavours, String regular, String large) {
        return new Product(name, "", flavours, price(regular), price(large));
    }

    private static BigDecimal price(String text) {
        return new BigDecimal(text);
    }
}
