package io.tillstream.local;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Draws plausible sales from the catalogue, never two with the same {@linkplain Sale#identity
 * identity}. Some card payers are a branch's regulars and come back, so that returning customers show.
 */
final class RandomSales {
    private static final int MAX_ITEMS = 6;
    private static final int CARD_DIGITS = 16;
    // the 16-digit card types of the legacy layout, since every generated card number has 16 digits
    private static final List<String> CARD_TYPES = List.of("visa16", "mastercard", "discover");

    /** Card customers each branch sees again and again. */
    private static final int REGULARS_PER_BRANCH = 50;

    private final Random random;
    private final Set<String> identities = new HashSet<>();
    private final Map<String, List<Customer>> regulars = new HashMap<>();

    /** Who pays by card: the same person always has the same name and card. */
    private record Customer(String name, String cardType, String cardNumber) {}

    RandomSales(Random random) {
        this.random = random;
    }

    Sale next(LocalDateTime time, String branch, TillLayout layout) {
        Sale sale;
        do {
            sale = draw(time, branch, layout);
        } while (!identities.add(sale.identity()));
        return sale;
    }

    private Sale draw(LocalDateTime time, String branch, TillLayout layout) {
        List<Sale.Item> items = new ArrayList<>();
        do {
            items.add(item(layout));
        } while (items.size() < MAX_ITEMS && random.nextBoolean());
        boolean terseTotal = random.nextInt(3) == 0;
        if (random.nextInt(5) < 2) {
            return new Sale(time, branch, name(), items, "", "", terseTotal);
        }
        Customer customer = cardCustomer(regulars.computeIfAbsent(branch, b -> new ArrayList<>()));
        return new Sale(time, branch, customer.name(), items, customer.cardType(), customer.cardNumber(), terseTotal);
    }

    /** One of the branch's regulars one time in three, once it has some; otherwise someone new, who may become one. */
    private Customer cardCustomer(List<Customer> branchRegulars) {
        if (!branchRegulars.isEmpty() && random.nextInt(3) == 0) {
            return pick(branchRegulars);
        }
        Customer customer = new Customer(name(), pick(CARD_TYPES), cardNumber());
        if (branchRegulars.size() < REGULARS_PER_BRANCH) {
            branchRegulars.add(customer);
        }
        return customer;
    }

    private String name() {
        return pick(Names.FIRST_NAMES) + " " + pick(Names.LAST_NAMES);
    }

    private Sale.Item item(TillLayout layout) {
        Catalogue.Product product = pick(Catalogue.PRODUCTS);
        String size = pick(layout.sizes());
        String name =
                !product.misspelling().isEmpty() && random.nextInt(4) == 0 ? product.misspelling() : product.name();
        String flavour = product.flavours().isEmpty() ? "" : pick(product.flavours());
        return new Sale.Item(name, size, flavour, product.price(size));
    }

    // no leading zero, so a spreadsheet round trip cannot shorten it
    private String cardNumber() {
        StringBuilder digits = new StringBuilder().append(1 + random.nextInt(9));
        while (digits.length() < CARD_DIGITS) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
