package io.github.backscatterguard.ndr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryStatusFieldsTest {
    @Test
    void readsPerMessageAndPerRecipientGroups() {
        String body = "Reporting-MTA: dns; mx.example.org\nArrival-Date: Mon, 1 Jan 2024 00:00:00 +0000\n\n"
            + "Final-Recipient: rfc822; <alice@example.net>\nAction: failed\nStatus: 5.1.1\n"
            + "Diagnostic-Code: smtp; 550 5.1.1 <alice@example.net>:\n Recipient address rejected\n\n"
            + "Original-Recipient: rfc822;bob@example.net\nFinal-Recipient: RFC822; bob@example.net\nAction: Delayed\n"
            + "Status: 4.4.1 (connection timed out)\n";
        DeliveryStatusFields fields = DeliveryStatusFields.parse(body);
        assertThat(fields.reportingMta).isEqualTo("mx.example.org");
        assertThat(fields.recipients).hasSize(2);
        RecipientStatus alice = fields.recipients.get(0);
        assertThat(alice.finalRecipient).isEqualTo("alice@example.net");
        assertThat(alice.action).isEqualTo("failed");
        assertThat(alice.status).isEqualTo("5.1.1");
        assertThat(alice.diagnosticCode).isEqualTo("550 5.1.1 <alice@example.net>: Recipient address rejected");
        RecipientStatus bob = fields.recipients.get(1);
        assertThat(bob.originalRecipient).isEqualTo("bob@example.net");
        assertThat(bob.recipient()).isEqualTo("bob@example.net");
        assertThat(bob.action).isEqualTo("delayed");
        assertThat(bob.status).isEqualTo("4.4.1");
    }

    @Test
    void groupsWithoutBlankLinesAreSplitAtRepeatedFields() {
        String body = "Final-Recipient: rfc822; a@example.net\nAction: failed\nStatus: 5.0.0\n"
            + "Final-Recipient: rfc822; b@example.net\nAction: failed\nStatus: 5.2.2\n";
        DeliveryStatusFields fields = DeliveryStatusFields.parse(body);
        assertThat(fields.recipients).extracting(r -> r.finalRecipient).containsExactly("a@example.net", "b@example.net");
        assertThat(fields.recipients).extracting(r -> r.status).containsExactly("5.0.0", "5.2.2");
    }

    @Test
    void garbageGivesNoRecipients() {
        assertThat(DeliveryStatusFields.parse("").recipients).isEmpty();
        assertThat(DeliveryStatusFields.parse("no fields here\n\n:\n: :\nStatus:").recipients).isEmpty();
    }
}
