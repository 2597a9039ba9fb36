package io.tillstream.local;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a generated dataset contains, computed from the generator's own model rather than by parsing
 * its files, so it can check the parser as well as the pipeline. Amounts have scale 2, like the
 * parser's.
 *
 * @param receiptsPerBranch keyed by branch name as written in the files
 * @param products sales per branch and product, named as the parser stores them
 * @param customerNames every customer name written to a file: none may reach the warehouse
 * @param cardNumbers every card number written to a file: none may reach the warehouse
 * @param cardReceipts receipts paid by card; {@code cardNumbers.size()} of them by distinct customers
 * @param newCustomerDays per branch, card customers on the day of their first card payment there
 * @param returningCustomerDays per branch, card customers on a later day they came back (once a day)
 */
public record SalesTruth(
        long totalReceipts,
        long totalItems,
        BigDecimal totalRevenue,
        Map<String, Long> receiptsPerBranch,
        Map<ProductKey, Tally> products,
        Set<String> customerNames,
        Set<String> cardNumbers,
        long cardReceipts,
        long newCustomerDays,
        long returningCustomerDays) {

    /**
     * @param product and {@code size} in sentence case ({@code Hot chocolate}, {@code Standard})
     * @param flavour as written, or the empty string
     */
    public record ProductKey(String branch, String product, String size, String flavour) {}

    public record Tally(long count, BigDecimal revenue) {
        Tally plus(Tally other) {
            return new Tally(count + other.count, revenue.add(other.revenue));
        }
    }

    public SalesTruth {
        receiptsPerBranch = Map.copyOf(receiptsPerBranch);
        products = Map.copyOf(products);
        customerNames = Set.copyOf(customerNames);
        cardNumbers = Set.copyOf(cardNumbers);
    }

    /** Accumulates sales as they are generated. */
    static final class Builder {
        private long receipts;
        private long items;
        private BigDecimal revenue = BigDecimal.ZERO.setScale(2);
        private final Map<String, Long> receiptsPerBranch = new HashMap<>();
        private final Map<ProductKey, Tally> products = new HashMap<>();
        private final Set<String> customerNames = new HashSet<>();
        private final Set<String> cardNumbers = new HashSet<>();
        private long cardReceipts;
        private final Map<String, Set<LocalDate>> daysPerBranchAndCard = new HashMap<>();

        void add(Sale sale) {
            receipts++;
            receiptsPerBranch.merge(sale.branch(), 1L, Long::sum);
            customerNames.add(sale.customer());
            if (sale.card()) {
                cardNumbers.add(sale.cardNumber());
                cardReceipts++;
                daysPerBranchAndCard
                        .computeIfAbsent(sale.branch() + "|" + sale.cardNumber(), k -> new HashSet<>())
                        .add(sale.time().toLocalDate());
            }
            for (Sale.Item item : sale.items()) {
                items++;
                revenue = revenue.add(item.price());
                ProductKey key = new ProductKey(sale.branch(), item.product(), item.size(), item.flavour());
                products.merge(key, new Tally(1, item.price()), Tally::plus);
            }
        }

        SalesTruth build() {
            return new SalesTruth(
                    receipts,
                    items,
                    revenue,
                    receiptsPerBranch,
                    products,
                    customerNames,
                    cardNumbers,
                    cardReceipts,
                    daysPerBranchAndCard.size(),
                    daysPerBranchAndCard.values().stream()
                            .mapToLong(days -> days.size() - 1)
                            .sum());
        }
    }
}
