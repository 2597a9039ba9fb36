package io.tillstream.parse;

import io.tillstream.source.SourceLine;
import io.tillstream.source.TillFileName;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns one till line into a PII-free {@link Receipt} or a {@link Rejection}. A pure function of
 * the line, the HMAC secret and the chain's time zone.
 *
 * <p>Two layouts exist (see {@code ../shared/data/README.md}); the layout is detected per row by
 * where CASH or CARD sits (a spreadsheet may rewrite either layout's dates to the other's shape),
 * falling back to the timestamp's shape, so a file mixing both still parses. Customer name, card
 * number and card type exist only as locals of {@link #parse}: they feed the keys and are then
 * dropped.
 *
 * <p>Whatever a sink could not store is rejected here, never passed on to fail a transaction over
 * and over: control characters (PostgreSQL text cannot hold NUL), names longer than {@link
 * #MAX_NAME_LENGTH} (the schema's CHECK), amounts above {@link #MAX_AMOUNT}.
 */
public final class ReceiptParser {
    static final int COLUMNS = 7;
    static final int NAME_COLUMN = 2;
    static final int CARD_COLUMN = 6;
    static final String STANDARD_SIZE = "Standard";

    private static final Set<String> SIZES = Set.of("regular", "large", "small", "medium", "standard");

    static final DateTimeFormatter CURRENT_TIME =
            DateTimeFormatter.ofPattern("d/M/uuuu H:mm[:ss]").withResolverStyle(ResolverStyle.STRICT);
    static final DateTimeFormatter ISO_TIME =
            DateTimeFormatter.ofPattern("uuuu-M-d H:mm[:ss]").withResolverStyle(ResolverStyle.STRICT);

    /** Far beyond any receipt (a long one is under 2,000 characters), far below what strains memory. */
    static final int MAX_LINE_LENGTH = 65_536;

    /** Branch, product and flavour names; the schema's CHECK constraints hold the same limit. */
    static final int MAX_NAME_LENGTH = 100;
    /** Far above any café receipt; numeric(12,2) and the window sums in numeric(14,2) hold it easily. */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("999999.99");

    private static final Pattern TIMESTAMP_SHAPE =
            Pattern.compile("\\d{1,4}[/-]\\d{1,2}[/-]\\d{1,4}[ T]\\d{1,2}:\\d{2}(:\\d{2})?");
    /** A spreadsheet's header row: no digit anywhere, and a first column named like a date or time. */
    private static final Pattern HEADER_FIRST_COLUMN =
            Pattern.compile("(?i)\\s*\"?[\\p{L}_ /]*(date|time)[\\p{L}_ /]*\"?\\s*");

    private static final int MAX_CACHED_IDS = 10_000;
    private static final String ITEM_SEPARATOR = ", ";
    private static final char REPLACEMENT_CHARACTER = '\uFFFD';

    private final Keys keys;
    private final ZoneId zone;
    private final EventTimeBounds bounds;
    /** A chain sells a few dozen products: their ids are computed once, not once per item. */
    private final Map<String, String> productIds = new HashMap<>();
    /** Likewise its branches, named on every line. */
    private final Map<String, String> branchIds = new HashMap<>();
    /** And each branch's name as a file name would spell it, checked on every line. */
    private final Map<String, String> fileNameBranches = new HashMap<>();
    /** Lines come file by file: what the file name claims is worked out once per file. */
    private String lastFile = "";

    private Optional<String> lastFileBranch = Optional.empty();
    private Optional<LocalDateTime> lastFilePeriod = Optional.empty();

    public ReceiptParser(Keys keys, ZoneId zone) {
        this(keys, zone, EventTimeBounds.defaults());
    }

    public ReceiptParser(Keys keys, ZoneId zone, EventTimeBounds bounds) {
        this.keys = keys;
        this.zone = zone;
        this.bounds = bounds;
    }

    /** The rejection standing for the part of a file that could not be read. */
    public static Rejection unreadable(SourceLine marker) {
        return rejection(marker, RejectReason.UNREADABLE_FILE, ": " + marker.text(), "");
    }

    /** The rejection for a line the parser failed on unexpectedly; it names the failure, not the line. */
    public static Rejection internalError(SourceLine line, RuntimeException failure) {
        return rejection(
                line, RejectReason.INTERNAL_ERROR, ": " + failure.getClass().getName(), "");
    }

    public ParseOutcome parse(SourceLine line) {
        String text = withoutLineEnd(withoutByteOrderMark(line.text()));
        if (text.isBlank()) {
            return new ParseOutcome.Blank();
        }
        if (isHeader(text)) {
            return new ParseOutcome.Header();
        }
        if (text.length() > MAX_LINE_LENGTH) {
            return reject(
                    line,
                    RejectReason.LINE_TOO_LONG,
                    ": " + text.length() + " characters, at most " + MAX_LINE_LENGTH,
                    Excerpt.unstructured(text));
        }
        Optional<List<String>> split = CsvFields.split(text);
        if (split.isEmpty()) {
            return reject(line, RejectReason.MALFORMED_CSV, "", Excerpt.unstructured(text));
        }
        List<String> fields = split.get();
        if (fields.size() != COLUMNS) {
            return reject(
                    line, RejectReason.WRONG_COLUMN_COUNT, ", found " + fields.size(), Excerpt.unstructured(text));
        }
        try {
            checkCharacters(fields);
            return new ParseOutcome.Parsed(toReceipt(fields, line));
        } catch (Invalid invalid) {
            return reject(line, invalid.reason, invalid.detail, Excerpt.of(fields));
        }
    }

    private Receipt toReceipt(List<String> fields, SourceLine line) throws Invalid {
        boolean legacy = isLegacy(fields);
        LocalDateTime localTime = timestamp(fields.get(0).trim());
        Instant soldAt = localTime.atZone(zone).toInstant();
        if (!bounds.accepts(soldAt)) {
            throw new Invalid(RejectReason.OUT_OF_RANGE, ": " + localTime);
        }
        Optional<LocalDateTime> period = filePeriod(line.file());
        if (period.isPresent() && !bounds.fitsPeriod(localTime, period.get())) {
            throw new Invalid(RejectReason.OUTSIDE_FILE_PERIOD, ": " + localTime + ", file name says " + period.get());
        }
        String branch = fields.get(1).trim();
        if (branch.isEmpty()) {
            throw new Invalid(RejectReason.MISSING_BRANCH);
        }
        checkLength("branch", branch);
        Optional<String> named = fileBranch(line.file());
        if (named.isPresent() && !named.get().equals(idOnce(fileNameBranches, branch, TillFileName::comparable))) {
            throw new Invalid(RejectReason.BRANCH_MISMATCH, ": file name says '" + named.get() + "'");
        }
        String customerName = fields.get(NAME_COLUMN).trim();
        List<SaleItem> items = legacy ? legacyBasket(fields.get(3)) : currentItems(fields.get(3));
        PaymentType payment = paymentType(fields.get(legacy ? 4 : 5));
        BigDecimal total = total(fields.get(legacy ? 5 : 4));
        String cardNumber = legacy
                ? legacyCardNumber(fields.get(CARD_COLUMN))
                : fields.get(CARD_COLUMN).trim();

        BigDecimal sum = items.stream().map(SaleItem::price).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (sum.compareTo(total) != 0) {
            throw new Invalid(RejectReason.TOTAL_MISMATCH, ": total " + total + ", items " + sum);
        }

        String canonical = SaleIdentity.canonical(localTime, branch, customerName, items, total, payment);
        String customerKey =
                payment == PaymentType.CARD && TextShapes.isCardDigits(cardNumber) ? keys.customerKey(cardNumber) : "";
        return new Receipt(
                keys.saleId(canonical),
                idOnce(branchIds, branch, Keys::branchId),
                branch,
                soldAt,
                payment,
                total,
                customerKey,
                List.copyOf(items),
                line.file(),
                line.lineNumber());
    }

    private Optional<String> fileBranch(String file) {
        readFileName(file);
        return lastFileBranch;
    }

    private Optional<LocalDateTime> filePeriod(String file) {
        readFileName(file);
        return lastFilePeriod;
    }

    private void readFileName(String file) {
        if (!file.equals(lastFile)) {
            lastFile = file;
            lastFileBranch = TillFileName.branch(file);
            lastFilePeriod = TillFileName.periodStart(file);
        }
    }

    /**
     * Control characters in any column, the name included: PostgreSQL cannot store NUL, and a
     * statement that fails on a row fails again on every replay. A name in another encoding is
     * harmless (it is dropped); anywhere else the row's meaning is lost.
     */
    private static void checkCharacters(List<String> fields) throws Invalid {
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            for (int at = 0; at < field.length(); at++) {
                char c = field.charAt(at);
                if (Character.getType(c) == Character.CONTROL) {
                    throw new Invalid(
                            RejectReason.CONTROL_CHARACTER, String.format(" (U+%04X in column %d)", (int) c, i + 1));
                }
            }
            if (i != NAME_COLUMN && field.indexOf(REPLACEMENT_CHARACTER) >= 0) {
                throw new Invalid(RejectReason.NOT_UTF8, " (column " + (i + 1) + ")");
            }
        }
    }

    private static void checkLength(String what, String value) throws Invalid {
        if (value.length() > MAX_NAME_LENGTH) {
            throw new Invalid(
                    RejectReason.VALUE_TOO_LONG,
                    ": " + what + " of " + value.length() + " characters, at most " + MAX_NAME_LENGTH);
        }
    }

    /**
     * A header names its columns and holds no digit (every sale has a timestamp): recognised and
     * skipped, so a re-saved file is still every line a sale or a duplicate.
     */
    private static boolean isHeader(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        int comma = text.indexOf(',');
        return comma > 0
                && HEADER_FIRST_COLUMN.matcher(text.substring(0, comma)).matches();
    }

    /**
     * Current rows have the payment type in column 6, legacy rows in column 5. Where neither holds
     * one, the timestamp's shape decides (and the payment type is then rejected).
     */
    private static boolean isLegacy(List<String> fields) {
        if (isPaymentType(fields.get(5))) {
            return false;
        }
        return isPaymentType(fields.get(4))
                || TextShapes.isIsoTimestamp(fields.get(0).trim());
    }

    private static boolean isPaymentType(String text) {
        String trimmed = text.trim();
        return trimmed.equalsIgnoreCase(PaymentType.CASH.name()) || trimmed.equalsIgnoreCase(PaymentType.CARD.name());
    }

    /** Either layout's date shape in either layout: spreadsheets rewrite dates to their own liking. */
    private static LocalDateTime timestamp(String text) throws Invalid {
        LocalDateTime fixedWidth = TillTimestamps.fixedWidth(text);
        if (fixedWidth != null) {
            return fixedWidth;
        }
        boolean iso = TextShapes.isIsoTimestamp(text);
        try {
            return LocalDateTime.parse(iso ? text.replace('T', ' ') : text, iso ? ISO_TIME : CURRENT_TIME);
        } catch (DateTimeParseException e) {
            throw new Invalid(
                    TIMESTAMP_SHAPE.matcher(text).matches()
                            ? RejectReason.IMPOSSIBLE_DATE
                            : RejectReason.BAD_TIMESTAMP);
        }
    }

    /** {@code Regular Flavoured iced latte - Hazelnut - 2.75, Large Flat white - 2.45} */
    private List<SaleItem> currentItems(String field) throws Invalid {
        List<SaleItem> items = new ArrayList<>();
        for (int start = 0, end; start <= field.length(); start = end + ITEM_SEPARATOR.length()) {
            end = field.indexOf(ITEM_SEPARATOR, start);
            if (end < 0) {
                end = field.length();
            }
            String item = field.substring(start, end);
            if (item.isBlank()) {
                continue;
            }
            int priceAt = item.lastIndexOf(" - ");
            if (priceAt < 0) {
                throw new Invalid(RejectReason.BAD_ITEM);
            }
            String described = item.substring(0, priceAt).trim();
            int space = described.indexOf(' ');
            String size = STANDARD_SIZE;
            if (space > 0 && SIZES.contains(described.substring(0, space).toLowerCase(Locale.ROOT))) {
                size = described.substring(0, space);
                described = described.substring(space + 1);
            }
            items.add(item(size, described, item.substring(priceAt + 3)));
        }
        return nonEmpty(items);
    }

    /** {@code ,Frappes - Coffee,2.75,Large,Cortado,2.05}: size, product, price triples; blank size = Standard. */
    private List<SaleItem> legacyBasket(String field) throws Invalid {
        if (field.isBlank()) {
            throw new Invalid(RejectReason.EMPTY_BASKET);
        }
        String[] parts = field.split(",", -1);
        if (parts.length % 3 != 0) {
            throw new Invalid(RejectReason.BAD_ITEM, ": " + parts.length + " basket fields is not a multiple of 3");
        }
        List<SaleItem> items = new ArrayList<>();
        for (int i = 0; i < parts.length; i += 3) {
            String size = parts[i].isBlank() ? STANDARD_SIZE : parts[i].trim();
            items.add(item(size, parts[i + 1].trim(), parts[i + 2]));
        }
        return nonEmpty(items);
    }

    private SaleItem item(String size, String described, String priceText) throws Invalid {
        int flavourAt = described.indexOf(" - ");
        String name =
                flavourAt < 0 ? described : described.substring(0, flavourAt).trim();
        String flavour = flavourAt < 0 ? "" : described.substring(flavourAt + 3).trim();
        if (name.isEmpty()) {
            throw new Invalid(RejectReason.BAD_ITEM);
        }
        checkLength("product name", name);
        checkLength("size", size);
        checkLength("flavour", flavour);
        String productName = sentenceCase(name);
        String canonicalSize = sentenceCase(size);
        String productId = idOnce(
                productIds,
                productName + '\n' + canonicalSize + '\n' + flavour,
                k -> Keys.productId(productName, canonicalSize, flavour));
        return new SaleItem(productId, productName, canonicalSize, flavour, price(priceText, RejectReason.BAD_PRICE));
    }

    private static String idOnce(Map<String, String> ids, String name, Function<String, String> derive) {
        if (ids.size() > MAX_CACHED_IDS) {
            ids.clear(); // a stream of garbage names must not grow the cache for ever
        }
        return ids.computeIfAbsent(name, derive);
    }

    private static List<SaleItem> nonEmpty(List<SaleItem> items) throws Invalid {
        if (items.isEmpty()) {
            throw new Invalid(RejectReason.EMPTY_BASKET);
        }
        return items;
    }

    private static BigDecimal total(String text) throws Invalid {
        return price(text, RejectReason.BAD_TOTAL);
    }

    private static BigDecimal price(String text, RejectReason unparseable) throws Invalid {
        String trimmed = text.trim();
        // pence at most, though a spreadsheet may pad with zeros (2.750)
        if (trimmed.startsWith("-") && TextShapes.isPrice(trimmed.substring(1))) {
            throw new Invalid(RejectReason.NEGATIVE_PRICE);
        }
        if (!TextShapes.isPrice(trimmed)) {
            throw new Invalid(unparseable);
        }
        BigDecimal amount = new BigDecimal(trimmed).setScale(2);
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw new Invalid(RejectReason.AMOUNT_TOO_LARGE, ", at most " + MAX_AMOUNT.toPlainString());
        }
        return amount;
    }

    private static PaymentType paymentType(String text) throws Invalid {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (upper.equals(PaymentType.CASH.name())) {
            return PaymentType.CASH;
        }
        if (upper.equals(PaymentType.CARD.name())) {
            return PaymentType.CARD;
        }
        throw new Invalid(RejectReason.UNKNOWN_PAYMENT_TYPE);
    }

    /** {@code visa16,6011000000008866} or {@code None}; the card type is dropped with the number. */
    private static String legacyCardNumber(String field) {
        int comma = field.lastIndexOf(',');
        return comma < 0 ? "" : field.substring(comma + 1).trim();
    }

    /** A CRLF file's lines end in a carriage return, which is the line's end, not a control character in it. */
    private static String withoutLineEnd(String text) {
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Spreadsheets save UTF-8 with a byte order mark, which would hide the first timestamp. */
    private static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Tills spell the same drink {@code Hot Chocolate} and {@code Hot chocolate}; store one spelling. */
    static String sentenceCase(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    private static ParseOutcome reject(SourceLine line, RejectReason reason, String detail, String excerpt) {
        return new ParseOutcome.Rejected(rejection(line, reason, detail, excerpt));
    }

    private static Rejection rejection(SourceLine line, RejectReason reason, String detail, String excerpt) {
        return new Rejection(
                Keys.rejectionId(line.file(), line.lineNumber()),
                line.file(),
                line.lineNumber(),
                reason.name(),
                reason.description() + detail,
                excerpt);
    }

    /**
     * Control flow for a rejected line. It never carries the line's text, and skips the stack trace
     * because rejections are ordinary, frequent outcomes.
     */
    private static final class Invalid extends Exception {
        final RejectReason reason;
        final String detail;

        Invalid(RejectReason reason) {
            this(reason, "");
        }

        Invalid(RejectReason reason, String detail) {
            super(reason.name(), null, false, false);
            this.reason = reason;
            this.detail = detail;
        }
    }
}
