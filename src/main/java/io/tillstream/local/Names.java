package io.tillstream.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Branch names, their file-name slugs, and the parts customer names are made from. */
final class Names {
    private static final List<String> REAL_BRANCHES = List.of(
            "Chesterfield",
            "Leeds",
            "London Brixton",
            "Isle of Wight",
            "Birmingham",
            "Sheffield",
            "London Camden",
            "Longridge",
            "Uppingham",
            "London Piccadilly",
            "London Soho");
    private static final List<String> TOWN_STEMS = List.of(
            "Ash", "Bram", "Cal", "Dun", "Elm", "Fern", "Glen", "Hart", "Ivy", "Kel", "Lark", "Mar", "Nor", "Oak",
            "Pen", "Rav", "Stan", "Thorn", "Wil", "Yar");
    private static final List<String> TOWN_ENDINGS =
            List.of("bury", "ford", "ham", "ley", "mouth", "stead", "ton", "wick");
    private static final List<String> QUARTERS =
            List.of("", " North", " South", " East", " West", " Central", " Green", " Park");

    /** Unusual on purpose, so a scan of the warehouse for them finds only leaked PII. */
    static final List<String> FIRST_NAMES = List.of(
            "Ada",
            "Bartholomew",
            "Cosima",
            "Dashiell",
            "Elowen",
            "Fenwick",
            "Griselda",
            "Horatio",
            "Isolde",
            "Jago",
            "Kezia",
            "Lysander",
            "Marisol",
            "Nevada",
            "Ottoline",
            "Peregrine",
            "Quilla",
            "Rosalind",
            "Severin",
            "Tamsin",
            "Ulric",
            "Verity",
            "Wystan",
            "Xanthe",
            "Yorick",
            "Zenobia");

    static final List<String> LAST_NAMES = List.of(
            "Quennell",
            "Abernethy",
            "Blenkinsop",
            "Carrow",
            "Dimmock",
            "Eckersley",
            "Featherstonehaugh",
            "Gribble",
            "Hollowell",
            "Ingleby",
            "Jessop",
            "Kettlewell",
            "Loxley",
            "Mabbott",
            "Nettleship",
            "Ormerod",
            "Pocklington",
            "Quiller",
            "Rigsby",
            "Scattergood",
            "Threlfall",
            "Umfreville",
            "Vavasour",
            "Winstanley",
            "Yeardley",
            "Zouche");

    private Names() {}

    /** The real branches first, then invented towns; all distinct, also ignoring case and spacing. */
    static List<String> branches(int count) {
        if (count > maxBranches()) {
            throw new IllegalArgumentException("at most " + maxBranches() + " branches can be named");
        }
        List<String> names = new ArrayList<>(REAL_BRANCHES.subList(0, Math.min(count, REAL_BRANCHES.size())));
        for (int i = 0; names.size() < count; i++) {
            names.add(invented(i));
        }
        return names;
    }

    private static int maxBranches() {
        return REAL_BRANCHES.size() + TOWN_STEMS.size() * TOWN_ENDINGS.size() * QUARTERS.size();
    }

    // no stem is a prefix of another, so every combination is a different name
    private static String invented(int index) {
        int stems = TOWN_STEMS.size();
        int endings = TOWN_ENDINGS.size();
        return TOWN_STEMS.get(index % stems)
                + TOWN_ENDINGS.get(index / stems % endings)
                + QUARTERS.get(index / (stems * endings));
    }

    /** {@code London Brixton} becomes {@code london_brixton} or {@code london-brixton}. */
    static String slug(String branch, char separator) {
        return branch.toLowerCase(Locale.ROOT).replace(' ', separator);
    }
}
