package io.github.backscatterguard.james.mailets;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.mail.MessagingException;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryStore;
import org.apache.james.mailrepository.memory.MemoryMailRepositoryUrlStore;
import org.apache.james.mailrepository.memory.SimpleMailRepositoryLoader;
import org.apache.mailet.Mail;

/** James's real in-memory MailRepositoryStore, configured as the memory server's mailrepositorystore.xml does. */
final class MemoryRepositories {
    private MemoryRepositories() {
    }

    static MemoryMailRepositoryStore store() throws Exception {
        MailRepositoryStoreConfiguration configuration = MailRepositoryStoreConfiguration.forItems(
            new MailRepositoryStoreConfiguration.Item(List.of(new Protocol("memory")), MemoryMailRepository.class.getName(),
                new BaseHierarchicalConfiguration()));
        MemoryMailRepositoryStore store = new MemoryMailRepositoryStore(new MemoryMailRepositoryUrlStore(),
            new SimpleMailRepositoryLoader(), configuration);
        store.init();
        return store;
    }

    /** A store whose repositories refuse to store, as a full disk or a down database would. */
    static MailRepositoryStore failingStore(MailRepositoryStore real) {
        return new MailRepositoryStore() {
            @Override
            public MailRepository select(MailRepositoryUrl url) throws MailRepositoryStoreException {
                MailRepository repository = real.select(url);
                return new MailRepository() {
                    @Override
                    public long size() throws MessagingException {
                        return repository.size();
                    }

                    @Override
                    public MailKey store(Mail mail) throws MessagingException {
                        throw new MessagingException("disk full");
                    }

                    @Override
                    public java.util.Iterator<MailKey> list() throws MessagingException {
                        return repository.list();
                    }

                    @Override
                    public Mail retrieve(MailKey key) throws MessagingException {
                        return repository.retrieve(key);
                    }

                    @Override
                    public void remove(MailKey key) throws MessagingException {
                        repository.remove(key);
                    }

                    @Override
                    public void removeAll() throws MessagingException {
                        repository.removeAll();
                    }
                };
            }

            @Override
            public Optional<Protocol> defaultProtocol() {
                return real.defaultProtocol();
            }

            @Override
            public Optional<MailRepository> get(MailRepositoryUrl url) throws MailRepositoryStoreException {
                return real.get(url);
            }

            @Override
            public Stream<MailRepository> getByPath(MailRepositoryPath path) throws MailRepositoryStoreException {
                return real.getByPath(path);
            }

            @Override
            public Stream<MailRepositoryUrl> getUrls() {
                return real.getUrls();
            }
        };
    }
}
