package io.github.backscatterguard.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;

/**
 * Everything the server logs while it runs, kept in memory for a test that looks for what must
 * never be logged: the extension's own loggers at DEBUG, James's at INFO, the rest at the root
 * logger's level. Those two logger trees write only here while capturing (not to the console), so
 * the build log keeps its usual size. {@link #close()} puts the levels back.
 */
final class SecurityLogCapture implements AutoCloseable {
    private static final Map<String, Level> CAPTURED = Map.of(
        "io.github.backscatterguard", Level.DEBUG,
        "org.apache.james", Level.INFO);

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();
    private final Logger root;

    private SecurityLogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        for (Map.Entry<String, Level> captured : CAPTURED.entrySet()) {
            Logger logger = context.getLogger(captured.getKey());
            previousLevels.put(logger, logger.getLevel());
            logger.setLevel(captured.getValue());
            logger.setAdditive(false);
            logger.addAppender(appender);
        }
    }

    static SecurityLogCapture start() {
        return new SecurityLogCapture();
    }

    /** Every event so far as text: level, logger, message, MDC and the stack trace of its exception. */
    List<String> lines() {
        List<ILoggingEvent> events;
        // AppenderBase.doAppend holds the appender's lock while it adds: copy under it.
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : events) {
            StringBuilder line = new StringBuilder().append(event.getLevel()).append(' ').append(event.getLoggerName())
                .append(" - ").append(event.getFormattedMessage());
            if (!event.getMDCPropertyMap().isEmpty()) {
                line.append(' ').append(event.getMDCPropertyMap());
            }
            if (event.getThrowableProxy() != null) {
                line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    @Override
    public void close() {
        for (Map.Entry<Logger, Level> previous : previousLevels.entrySet()) {
            previous.getKey().detachAppender(appender);
            previous.getKey().setAdditive(true);
            previous.getKey().setLevel(previous.getValue());
        }
        root.detachAppender(appender);
        appender.stop();
    }
}
