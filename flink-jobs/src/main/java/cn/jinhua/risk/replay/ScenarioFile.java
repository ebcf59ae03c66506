package cn.jinhua.risk.replay;

import cn.jinhua.risk.contract.IsoTimes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a scenario file ({@code docs/feeds.md} "Scenario files and replays"): one JSON object per
 * line, {@code {"topic":...,"value":{...}}} or {@code {"topic":...,"raw":"..."}}; blank lines are
 * skipped. The whole file is checked before anything is sent, and the first problem is reported
 * with file and line. Stateless.
 */
public final class ScenarioFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScenarioFile() {
    }

    /** A file problem, with a message naming file and line. */
    public static final class BadFileException extends Exception {
        public BadFileException(String message) {
            super(message);
        }
    }

    /**
     * One line to produce.
     *
     * @param key the record key (deviceId, callId or sensorId when present), may be null
     * @param tsMillis the record's ts in epoch ms, or Long.MIN_VALUE when it has none
     * @param raw whether the line gave exact bytes ({@code "raw"}), which are never rewritten
     */
    public record Entry(String file, int line, String topic, byte[] key, byte[] value, long tsMillis, boolean raw) {
        public Entry(String file, int line, String topic, byte[] key, byte[] value, long tsMillis) {
            this(file, line, topic, key, value, tsMillis, false);
        }
    }

    public static List<Entry> read(Path file) throws BadFileException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new BadFileException(name + ": no such file");
        }
        List<Entry> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            int line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                out.add(parse(name, line, text));
            }
        } catch (CharacterCodingException e) {
            throw new BadFileException(name + ": not UTF-8 text");
        } catch (IOException e) {
            throw new BadFileException(name + ": cannot read: " + e.getMessage());
        }
        return out;
    }

    static Entry parse(String file, int line, String text) throws BadFileException {
        String where = file + ":" + line + ": ";
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadFileException(where + "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new BadFileException(where + "each line must be a JSON object {\"topic\":...,\"value\":{...}} or {\"topic\":...,\"raw\":\"...\"}");
        }
        JsonNode topic = node.get("topic");
        if (topic == null || !topic.isTextual() || topic.asText().isBlank()) {
            throw new BadFileException(where + "\"topic\" (a non-empty string) is missing");
        }
        JsonNode value = node.get("value");
        JsonNode raw = node.get("raw");
        if ((value == null) == (raw == null)) {
            throw new BadFileException(where + "a line needs exactly one of \"value\" (the record) or \"raw\" (exact text)");
        }
        if (raw != null && !raw.isTextual()) {
            throw new BadFileException(where + "\"raw\" must be a string");
        }
        byte[] bytes;
        JsonNode record;
        try {
            if (value != null) {
                bytes = MAPPER.writeValueAsBytes(value);
                record = value;
            } else {
                bytes = raw.asText().getBytes(StandardCharsets.UTF_8);
                record = tryParse(raw.asText());
            }
        } catch (JsonProcessingException e) {
            throw new BadFileException(where + "cannot re-encode the value: " + e.getOriginalMessage());
        }
        return new Entry(file, line, topic.asText(), key(record), bytes, ts(record), raw != null);
    }

    private static JsonNode tryParse(String raw) {
        try {
            return MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static byte[] key(JsonNode record) {
        if (record == null || !record.isObject()) {
            return null;
        }
        for (String k : new String[] {"deviceId", "callId", "sensorId"}) {
            JsonNode v = record.get(k);
            if (v != null && v.isTextual()) {
                return v.asText().getBytes(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static long ts(JsonNode record) {
        if (record == null || !record.isObject() || record.get("ts") == null || !record.get("ts").isTextual()) {
            return Long.MIN_VALUE;
        }
        try {
            return IsoTimes.parseMillis(record.get("ts").asText());
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }
}
