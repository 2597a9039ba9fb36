package io.tillstream.parse;

/** How a receipt was paid. The tills know no other kinds; anything else is rejected. */
public enum PaymentType {
    CASH,
    CARD
}
