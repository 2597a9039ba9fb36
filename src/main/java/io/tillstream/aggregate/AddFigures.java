package io.tillstream.aggregate;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds up a window's product sales incrementally, so a window keeps three numbers, not its sales. */
final class AddFigures implements AggregateFunction<ProductSale, Figures, Figures> {
    private static final long serialVersionUID = 1L;

    @Override
    public Figures createAccumulator() {
        return Figures.NONE;
    }

    @Override
    public Figures add(ProductSale sale, Figures figures) {
        return figures.plus(sale);
    }

    @Override
    public Figures getResult(Figures figures) {
        return figures;
    }

    @Override
    public Figures merge(Figures a, Figures b) {
        return a.plus(b);
    }
}
