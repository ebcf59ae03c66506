package cn.jinhua.risk.jobs.wastewater;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The sluice watch's EPL, kept in {@value #RESOURCE}, compiled once on the client; the compiled
 * module is serializable and is shipped to every subtask. Thread-safe (stateless).
 */
public final class SluiceWatchEpl {
    public static final String RESOURCE = "epl/plating/sluice-not-closed.epl";
    public static final String STATEMENT = "sluice-not-closed";
    public static final String POSITION_EVENT = "SluicePosition";
    public static final String ORDER_EVENT = "SluiceCloseOrder";

    private SluiceWatchEpl() {
    }

    /** Configuration for compiler and runtime: external (event-time) clock, no internal timer. */
    public static Configuration configuration() {
        Configuration c = new Configuration();
        c.getRuntime().getThreading().setInternalTimerEnabled(false);
        return c;
    }

    public static String text() {
        try (InputStream in = SluiceWatchEpl.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EPCompiled compile() {
        try {
            return EPCompilerProvider.getCompiler().compile(text(), new CompilerArguments(configuration()));
        } catch (EPCompileException e) {
            throw new IllegalStateException("cannot compile " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
