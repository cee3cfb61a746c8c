package io.github.backscatterguard.ndr;

/** What a phrase found in a subject or body suggests. */
enum Cue {
    /** A fixed sentence an MTA writes only in its failure reports. Strong. */
    FAILURE_TEMPLATE,
    /** A fixed sentence an MTA writes only in its delay warnings. Strong. */
    DELAY_TEMPLATE,
    /** A sentence of success notifications (delivered, relayed). */
    SUCCESS_TEMPLATE,
    /** A sentence an MTA writes in every notification it sends (failure, delay or success). */
    MTA_BANNER,
    /** Failure vocabulary that people also use ("could not be delivered", "user unknown"). Weak. */
    FAILURE_WORDS,
    /** A marker introducing the returned original message ("original message follows"). Weak. */
    RETURNED_MESSAGE,
    /** Typical NDR subject ("Undeliverable:", "Returned mail:", "Unzustellbar:"). */
    FAILURE_SUBJECT,
    /** Typical delay-warning subject ("Delayed Mail", "Warning: could not send message for past"). */
    DELAY_SUBJECT,
    /** Typical success-DSN subject ("Delivered:", "Relayed:"). */
    SUCCESS_SUBJECT,
    /** Vacation or other automatic answer (subject or body). */
    AUTO_REPLY,
    /** Read receipt in a non-MIME form ("Read:" subject, "was read on"). */
    READ_RECEIPT,
    /** Challenge of a challenge-response system asking the sender to confirm. */
    CHALLENGE,
    /** Complaint-loop report in a non-ARF form (Microsoft JMRP: "complaint about message from"). */
    COMPLAINT,
    /** DMARC aggregate report subject (RFC 7489 section 7.2.1.1). */
    DMARC_REPORT
}
