package io.github.backscatterguard.james.mailets;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;

/**
 * A mail repository named by a mailet parameter. Without a value the repository is
 * {@code <default protocol>://<default path>}, the protocol being the one {@code mailrepositorystore.xml}
 * declares as default ({@code memory} in the memory server, {@code file} in a Spring server,
 * {@code cassandra} in the distributed one), so the same {@code mailetcontainer.xml} works on each.
 */
final class RepositoryParameter {
    private static final String SEPARATOR = "://";

    private RepositoryParameter() {
    }

    static String accepted(String defaultPath) {
        return "a mail repository URL PROTOCOL://PATH whose protocol mailrepositorystore.xml declares, e.g. memory://"
            + defaultPath + " or file://" + defaultPath;
    }

    /** The URL the parameter names, or the default path under the store's default protocol. */
    static MailRepositoryUrl url(MailetParameters parameters, String parameter, Optional<String> value, String defaultPath,
                                 MailRepositoryStore store) throws MessagingException {
        if (value.isPresent()) {
            String url = value.get();
            int separator = url.indexOf(SEPARATOR);
            if (separator < 1 || separator + SEPARATOR.length() == url.length()) {
                throw parameters.invalid(parameter, url, accepted(defaultPath));
            }
            return MailRepositoryUrl.from(url);
        }
        Optional<Protocol> protocol;
        try {
            protocol = store.defaultProtocol();
        } catch (RuntimeException e) {
            protocol = Optional.empty();
        }
        return MailRepositoryUrl.from(protocol
            .orElseThrow(() -> parameters.unset(parameter, "mailrepositorystore.xml declares no default protocol",
                accepted(defaultPath)))
            .getValue() + SEPARATOR + defaultPath);
    }

    /** Selects (creating if needed) the repository now, so a protocol the server does not know fails init(). */
    static MailRepository select(MailetParameters parameters, String parameter, Optional<String> written, MailRepositoryUrl url,
                                 String defaultPath, MailRepositoryStore store) throws MessagingException {
        try {
            return store.select(url);
        } catch (Exception e) {
            // MemoryMailRepositoryStore throws its checked exceptions undeclared, hence Exception.
            throw parameters.invalid(parameter, written.orElse(url.asString()), accepted(defaultPath), e);
        }
    }
}
