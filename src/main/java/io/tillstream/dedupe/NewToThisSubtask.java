package io.tillstream.dedupe;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Lets a record through only if this subtask has not passed one with the same key recently: a
 * cheap local filter in front of a keyed {@link FirstOccurrence}, for keys that repeat on nearly
 * every record (a chain's few hundred products and branches). Without it each of them would cross
 * the network to the keyed stage once per sale. It keeps no Flink state on purpose: after a
 * restart it starts empty and lets everything through again, and the keyed stage behind it, whose
 * state is restored with the checkpoint, still decides what is new.
 */
public final class NewToThisSubtask<T> extends RichFilterFunction<T> {
    private static final long serialVersionUID = 1L;

    private final KeySelector<T, String> key;
    private final int capacity;

    private transient Map<String, Boolean> recent;

    /** @param capacity keys remembered, least recently seen forgotten first */
    public NewToThisSubtask(KeySelector<T, String> key, int capacity) {
        this.key = key;
        this.capacity = capacity;
    }

    @Override
    public void open(OpenContext openContext) {
        recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public boolean filter(T record) throws Exception {
        return recent.put(key.getKey(record), Boolean.TRUE) == null;
    }
}
