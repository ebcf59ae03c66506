package cn.jinhua.risk.api.support;

import cn.jinhua.risk.api.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Request bodies that no endpoint may accept, made from a valid one: broken JSON (random bytes,
 * truncation, invalid UTF-8, 10,000-deep nesting, the wrong top-level type, a duplicated key whose
 * last value is bad) and valid JSON with one field wrong (a required field missing or null, a value
 * of the wrong type, a value the contract forbids). Every body says how it was made, which is what
 * a failing try shows.
 */
public final class BadBodies {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A body and how it was made. */
    public record Body(String how, byte[] bytes) {
        @Override
        public String toString() {
            String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
            return how + " (" + bytes.length + " bytes): " + text;
        }
    }

    private final ObjectNode valid;
    private final List<String> required;
    private final Map<String, List<JsonNode>> badValues = new LinkedHashMap<>();
    /** Whether an empty body (and JSON null) is a valid request: the endpoint's body is optional. */
    private boolean mayBeEmpty;
    private final List<JsonNode> wrongTopLevel = new ArrayList<>(List.of(F.numberNode(42), F.textNode("body"), F.nullNode(),
            F.booleanNode(true), F.arrayNode().add(1)));

    /** @param valid a body the endpoint accepts; @param required its fields that must be present and not null */
    public BadBodies(ObjectNode valid, List<String> required) {
        this.valid = valid;
        this.required = List.copyOf(required);
    }

    /** Values the endpoint must refuse in this field (beyond the wrong types every required field gets). */
    public BadBodies refuses(String field, Object... values) {
        List<JsonNode> nodes = badValues.computeIfAbsent(field, f -> new ArrayList<>());
        for (Object v : values) {
            nodes.add(v instanceof JsonNode n ? n : Json.MAPPER.valueToTree(v));
        }
        return this;
    }

    /**
     * For an endpoint whose body may be left out: no empty (or blank) body and no JSON null is
     * generated, since those are valid requests there.
     */
    public BadBodies bodyMayBeEmpty() {
        mayBeEmpty = true;
        wrongTopLevel.remove(F.nullNode());
        return this;
    }

    /** A top-level value that must be refused besides 42, "body", null, true and [1]. */
    public BadBodies refusesTopLevel(JsonNode value) {
        wrongTopLevel.add(value);
        return this;
    }

    public byte[] validBytes() {
        return bytes(valid);
    }

    public Arbitrary<Body> arbitrary() {
        List<Arbitrary<Body>> kinds = new ArrayList<>();
        byte[] good = validBytes();
        kinds.add(Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> new Body("random bytes", b)));
        kinds.add(Arbitraries.integers().between(0, good.length - 1).map(n -> new Body("truncated at " + n, slice(good, n))));
        kinds.add(Arbitraries.integers().between(0, good.length - 1).map(n -> new Body("invalid UTF-8 at " + n, invalidUtf8(good, n))));
        kinds.add(Arbitraries.of("[", "{\"a\":").map(open -> new Body("nested 10,000 deep", nested(open, 10_000))));
        kinds.add(Arbitraries.of(wrongTopLevel).map(v -> new Body("top level " + v, bytes(v))));
        if (!required.isEmpty()) {
            kinds.add(Arbitraries.of(required).map(f -> new Body("without " + f, bytes(without(f)))));
            kinds.add(Arbitraries.of(required).map(f -> new Body(f + " null", bytes(with(f, F.nullNode())))));
            kinds.add(Combinators.combine(Arbitraries.of(required), Arbitraries.of(F.objectNode(), F.arrayNode()))
                    .as((f, v) -> new Body(f + " " + v, bytes(with(f, v)))));
        }
        if (!badValues.isEmpty()) {
            List<Map.Entry<String, JsonNode>> pairs = new ArrayList<>();
            badValues.forEach((f, vs) -> vs.forEach(v -> pairs.add(Map.entry(f, v))));
            kinds.add(Arbitraries.of(pairs).map(p -> new Body(p.getKey() + " = " + abbreviate(p.getValue()),
                    bytes(with(p.getKey(), p.getValue())))));
            kinds.add(Arbitraries.of(pairs).map(p -> new Body("duplicate key " + p.getKey() + ", last " + abbreviate(p.getValue()),
                    duplicateKey(p.getKey(), p.getValue()))));
        }
        Arbitrary<Body> any = Arbitraries.oneOf(kinds);
        return mayBeEmpty ? any.filter(b -> !new String(b.bytes(), StandardCharsets.UTF_8).isBlank()) : any;
    }

    private ObjectNode without(String field) {
        ObjectNode o = valid.deepCopy();
        o.remove(field);
        return o;
    }

    private ObjectNode with(String field, JsonNode value) {
        ObjectNode o = valid.deepCopy();
        o.set(field, value);
        return o;
    }

    /** The valid body with the field written twice, its last value bad ({"lat":29.2, ..., "lat":95}). */
    private byte[] duplicateKey(String field, JsonNode bad) {
        String body = new String(validBytes(), StandardCharsets.UTF_8);
        String last;
        try {
            last = Json.MAPPER.writeValueAsString(field) + ":" + Json.MAPPER.writeValueAsString(bad);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return (body.substring(0, body.length() - 1) + (valid.isEmpty() ? "" : ",") + last + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] slice(byte[] b, int n) {
        byte[] out = new byte[n];
        System.arraycopy(b, 0, out, 0, n);
        return out;
    }

    /** 0xC3 0x28 (a lead byte followed by ASCII) inserted at {@code n}. */
    private static byte[] invalidUtf8(byte[] b, int n) {
        byte[] out = new byte[b.length + 2];
        System.arraycopy(b, 0, out, 0, n);
        out[n] = (byte) 0xC3;
        out[n + 1] = (byte) 0x28;
        System.arraycopy(b, n, out, n + 2, b.length - n);
        return out;
    }

    private static byte[] nested(String open, int depth) {
        String close = open.equals("[") ? "]" : "}";
        return (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(JsonNode v) {
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 60) + "…(" + s.length() + " chars)" : s;
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return Json.MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
