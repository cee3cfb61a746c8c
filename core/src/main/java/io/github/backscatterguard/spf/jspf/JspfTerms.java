package io.github.backscatterguard.spf.jspf;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.apache.james.jspf.core.exceptions.PermErrorException;
import org.apache.james.jspf.impl.DefaultTermDefinition;
import org.apache.james.jspf.parser.TermDefinition;
import org.apache.james.jspf.parser.TermsFactory;
import org.apache.james.jspf.terms.AMechanism;
import org.apache.james.jspf.terms.AllMechanism;
import org.apache.james.jspf.terms.Configuration;
import org.apache.james.jspf.terms.ConfigurationEnabled;
import org.apache.james.jspf.terms.ExistsMechanism;
import org.apache.james.jspf.terms.ExpModifier;
import org.apache.james.jspf.terms.IP4Mechanism;
import org.apache.james.jspf.terms.IP6Mechanism;
import org.apache.james.jspf.terms.IncludeMechanism;
import org.apache.james.jspf.terms.MXMechanism;
import org.apache.james.jspf.terms.PTRMechanism;
import org.apache.james.jspf.terms.RedirectModifier;
import org.apache.james.jspf.terms.UnknownModifier;
import org.apache.james.jspf.wiring.WiringService;
import org.apache.james.jspf.wiring.WiringServiceException;

/**
 * jSPF's mechanisms and modifiers, named by class rather than read from jSPF's
 * {@code jspf.default.terms} file as its DefaultTermsFactory does: that file holds class names as
 * text, which the CLI's relocated (shaded) copy of jSPF could not load, and it is found through the
 * thread's context class loader, which an extension cannot count on. Same terms, same order.
 */
final class JspfTerms implements TermsFactory {
    private final WiringService wiring;
    private final Collection<TermDefinition> mechanisms;
    private final Collection<TermDefinition> modifiers;

    JspfTerms(WiringService wiring) {
        this.wiring = wiring;
        this.mechanisms = definitions(List.of(AllMechanism.class, AMechanism.class, ExistsMechanism.class, IncludeMechanism.class,
            IP4Mechanism.class, IP6Mechanism.class, MXMechanism.class, PTRMechanism.class));
        this.modifiers = definitions(List.of(ExpModifier.class, RedirectModifier.class, UnknownModifier.class));
    }

    private static Collection<TermDefinition> definitions(List<Class<?>> terms) {
        List<TermDefinition> definitions = new ArrayList<>();
        for (Class<?> term : terms) {
            try {
                definitions.add(new DefaultTermDefinition(term));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("jSPF term " + term.getName() + " has no usable REGEX field", e);
            }
        }
        return Collections.unmodifiableList(definitions);
    }

    @Override
    public Object createTerm(Class<?> termClass, Configuration configuration) throws PermErrorException, InstantiationException {
        Object term;
        try {
            term = termClass.getDeclaredConstructor().newInstance();
            wiring.wire(term);
        } catch (InstantiationException e) {
            throw e;
        } catch (ReflectiveOperationException | WiringServiceException e) {
            throw new InstantiationException("cannot create SPF term " + termClass.getSimpleName() + ": " + e.getMessage());
        }
        if (term instanceof ConfigurationEnabled) {
            ((ConfigurationEnabled) term).config(configuration == null || configuration.groupCount() == 0 ? null : configuration);
        }
        return term;
    }

    @Override
    public Collection<TermDefinition> getMechanismsCollection() {
        return mechanisms;
    }

    @Override
    public Collection<TermDefinition> getModifiersCollection() {
        return modifiers;
    }
}
