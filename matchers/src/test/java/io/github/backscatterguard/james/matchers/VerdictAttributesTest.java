package io.github.backscatterguard.james.matchers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import io.github.backscatterguard.ndr.DeliveryReport;
import io.github.backscatterguard.ndr.MessageKind;
import io.github.backscatterguard.ndr.Verdict;

class VerdictAttributesTest {
    private static final Verdict NDR_VERDICT = new Verdict(MessageKind.NDR,
        List.of("null-sender", "multipart/report;report-type=delivery-status", "action=failed", "status=5.1.1"),
        new DeliveryReport(List.of("bob@example.org", "carol@example.org"), List.of("5.1.1"), "mx.example.net", null));

    private static FakeMail mail() throws Exception {
        return FakeMail.builder().name("m").build();
    }

    private static Object value(FakeMail mail, org.apache.mailet.AttributeName name) {
        return mail.getAttribute(name).map(attribute -> attribute.getValue().value()).orElse(null);
    }

    @Test
    void namesAreTheDocumentedOnes() {
        assertThat(VerdictAttributes.KIND.asString()).isEqualTo("io.github.backscatterguard.kind");
        assertThat(VerdictAttributes.EVIDENCE.asString()).isEqualTo("io.github.backscatterguard.evidence");
        assertThat(VerdictAttributes.FAILED_RECIPIENTS.asString()).isEqualTo("io.github.backscatterguard.failedRecipients");
    }

    @Test
    void writesStringValues() throws Exception {
        FakeMail mail = mail();

        VerdictAttributes.write(mail, NDR_VERDICT);

        assertThat(value(mail, VerdictAttributes.KIND)).isEqualTo("ndr");
        assertThat(value(mail, VerdictAttributes.EVIDENCE))
            .isEqualTo("null-sender,multipart/report;report-type=delivery-status,action=failed,status=5.1.1");
        assertThat(value(mail, VerdictAttributes.FAILED_RECIPIENTS)).isEqualTo("bob@example.org,carol@example.org");
    }

    @Test
    void readsBackWhatWasWritten() throws Exception {
        FakeMail mail = mail();

        RecordedVerdict written = VerdictAttributes.write(mail, NDR_VERDICT);

        assertThat(VerdictAttributes.read(mail)).contains(written);
        assertThat(written.failedRecipients()).containsExactly("bob@example.org", "carol@example.org");
    }

    @Test
    void verdictWithoutFailedRecipientsRemovesAStaleList() throws Exception {
        FakeMail mail = mail();
        VerdictAttributes.write(mail, NDR_VERDICT);

        VerdictAttributes.write(mail, new Verdict(MessageKind.REGULAR, List.of(), DeliveryReport.empty()));

        assertThat(mail.getAttribute(VerdictAttributes.FAILED_RECIPIENTS)).isEmpty();
        assertThat(value(mail, VerdictAttributes.KIND)).isEqualTo("regular");
        assertThat(value(mail, VerdictAttributes.EVIDENCE)).isEqualTo("");
    }

    @Test
    void noKindMeansNoVerdict() throws Exception {
        FakeMail mail = mail();
        mail.setAttribute(new Attribute(VerdictAttributes.EVIDENCE, AttributeValue.of("null-sender")));

        assertThat(VerdictAttributes.read(mail)).isEmpty();
    }

    @Test
    void unknownOrNonStringKindMeansNoVerdict() throws Exception {
        FakeMail unknownCode = mail();
        unknownCode.setAttribute(new Attribute(VerdictAttributes.KIND, AttributeValue.of("bounce")));
        FakeMail notAString = mail();
        notAString.setAttribute(new Attribute(VerdictAttributes.KIND, AttributeValue.of(42)));

        assertThat(VerdictAttributes.read(unknownCode)).isEmpty();
        assertThat(VerdictAttributes.read(notAString)).isEmpty();
    }

    @Test
    void kindAloneReadsWithEmptyEvidence() throws Exception {
        FakeMail mail = mail();
        mail.setAttribute(new Attribute(VerdictAttributes.KIND, AttributeValue.of("Delay")));

        assertThat(VerdictAttributes.read(mail)).contains(new RecordedVerdict(MessageKind.DELAY, "", List.of()));
    }
}
