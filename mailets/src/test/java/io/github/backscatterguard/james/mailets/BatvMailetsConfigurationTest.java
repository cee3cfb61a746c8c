package io.github.backscatterguard.james.mailets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.mail.MessagingException;
import org.apache.mailet.base.GenericMailet;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every parameter of BatvSign and BatvStrip is checked in init(), with the mailet, the parameter,
 * the bad value and the accepted form in the message: the cases BatvSignTest and BatvStripTest do
 * not already cover. {@code KEYS} in a value stands for a valid key file, {@code DIR} for a
 * directory (a key file nobody can read as a file, root included).
 */
class BatvMailetsConfigurationTest {
    @TempDir
    Path directory;
    private Path keyFile;
    private Path unreadable;

    @BeforeEach
    void writeKeys() throws Exception {
        keyFile = BatvTestKeys.write(directory);
        unreadable = Files.createDirectories(directory.resolve("unreadable.keys"));
    }

    private void init(String name, String parameters) throws MessagingException {
        GenericMailet mailet = name.equals("BatvSign") ? new BatvSign(BatvTestKeys.CLOCK) : new BatvStrip(BatvTestKeys.CLOCK);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName(name).mailetContext(FakeMailContext.defaultContext());
        for (String pair : parameters.split(",(?=[a-zA-Z]+=)")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                config.setProperty(pair.substring(0, equals).trim(), pair.substring(equals + 1).replace("KEYS", keyFile.toString())
                    .replace("DIR", unreadable.toString()));
            }
        }
        mailet.init(config.build());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // mailet   | parameters                                 | parameter   | bad value          | accepted form
        "BatvSign  | keyFile=                                   | 'keyFile'   | ''                 | accepted: the path of a readable file",
        "BatvSign  | keyFile=DIR                                | 'keyFile'   | unreadable.keys    | cannot read it",
        "BatvSign  | keyFile=DIR                                | 'keyFile'   | unreadable.keys    | accepted: the path of a readable file",
        "BatvSign  | keyFile=KEYS,keyNumber=x                   | 'keyNumber' | 'x'                | accepted: a key number 0-9 present in",
        "BatvSign  | keyFile=KEYS,keyNumber=                    | 'keyNumber' | ''                 | accepted: a key number 0-9",
        "BatvSign  | keyFile=KEYS,validity=0d                   | 'validity'  | '0d'               | accepted: whole days from 1d to 999d",
        "BatvSign  | keyFile=KEYS,validity=1000d                | 'validity'  | '1000d'            | accepted: whole days from 1d to 999d",
        "BatvSign  | keyFile=KEYS,domains=exa mple.com          | 'domains'   | 'exa mple.com'     | accepted: 'local' (the server's domains, the default) and/or domain names",
        "BatvSign  | keyFile=KEYS,domains=                      | 'domains'   | ''                 | accepted: 'local'",
        "BatvStrip | validity=7d                                | 'keyFile'   | is required        | accepted: the path of a readable file",
        "BatvStrip | keyFile=DIR                                | 'keyFile'   | unreadable.keys    | cannot read it",
        "BatvStrip | keyFile=KEYS,validity=12h                  | 'validity'  | '12h'              | accepted: whole days from 1d to 999d",
        "BatvStrip | keyFile=KEYS,restore=                      | 'restore'   | ''                 | accepted: valid (default: only tags that verify) or any",
        "BatvStrip | keyFile=KEYS,domains=local                 | [domains]   | unknown parameter  | accepted: keyFile, validity, restore",
    })
    void aBadValueFailsInitNamingTheMailetTheParameterTheValueAndTheAcceptedForm(String name, String parameters, String parameter,
                                                                                  String value, String accepted) {
        assertThatThrownBy(() -> init(name, parameters))
            .isInstanceOf(MessagingException.class)
            .hasMessageStartingWith(name + ": ")
            .hasMessageContaining(parameter)
            .hasMessageContaining(value)
            .hasMessageContaining(accepted);
    }
}
