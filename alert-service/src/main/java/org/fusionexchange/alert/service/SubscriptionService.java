package org.fusionexchange.alert.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.fusionexchange.alert.config.AlertConfig;
import org.fusionexchange.alert.repository.SubscriptionEntity;
import org.fusionexchange.alert.repository.SubscriptionRepository;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An analyst's saved subscriptions, within their agency; the stream without parameters follows them. */
@ApplicationScoped
@Transactional
public class SubscriptionService {

    private static final Logger LOG = Logger.getLogger(SubscriptionService.class);

    /** At most this many topics in a subscription: each topic once. */
    public static final int MAX_TOPICS = 7;

    /** What an analyst asks for; every field optional. */
    public record NewSubscription(
            @Schema(description = "Alert topic ids; none (or absent) for every topic", type = SchemaType.ARRAY,
                    maxItems = MAX_TOPICS, implementation = AlertTopic.Id.class, nullable = true) List<String> topics,
            @Schema(description = "Only alerts in this jurisdiction or under it",
                    maxLength = JurisdictionCode.MAX_LENGTH,
                    pattern = JurisdictionCode.PATTERN, example = "US-FL", nullable = true) String jurisdiction,
            @Schema(description = "Only alerts at least this severe",
                    enumeration = { "Unknown", "Minor", "Moderate", "Severe", "Extreme" }, nullable = true)
            String minimumSeverity) {
    }

    /** A saved subscription as shown: without the filters it does not have. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Subscription(UUID id,
            @Schema(type = SchemaType.ARRAY, maxItems = MAX_TOPICS, implementation = AlertTopic.Id.class)
            List<String> topics,
            @Schema(maxLength = JurisdictionCode.MAX_LENGTH, pattern = JurisdictionCode.PATTERN, example = "US-FL")
            String jurisdiction,
            Severity minimumSeverity, Instant createdAt) {

        static Subscription of(SubscriptionEntity e) {
            return new Subscription(e.id, topicList(e.topics), e.jurisdiction, e.minimumSeverity, e.createdAt);
        }
    }

    /** One page of an analyst's subscriptions and how many they have in all. */
    public record Listing(List<Subscription> items, long total) {
    }

    /** The analyst already has as many subscriptions as allowed. */
    public static class LimitReached extends RuntimeException {
        public LimitReached(int limit) {
            super("You have " + limit + " subscriptions, the most allowed; delete one first.", null, false, false);
        }
    }

    private final SubscriptionRepository subscriptions;
    private final AlertConfig config;

    public SubscriptionService(SubscriptionRepository subscriptions, AlertConfig config) {
        this.subscriptions = subscriptions;
        this.config = config;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(String agency, String analyst, int page, int size) {
        var query = subscriptions.pageOfAnalyst(agency, analyst, page, size);
        return new Listing(query.list().stream().map(Subscription::of).toList(), query.count());
    }

    public Subscription create(String agency, String analyst, NewSubscription request) {
        List<InvalidInput.Violation> violations = new ArrayList<>();
        List<String> topics = request.topics() == null ? List.of() : request.topics();
        if (topics.size() > MAX_TOPICS) {
            violations.add(new InvalidInput.Violation("/topics", "must have at most " + MAX_TOPICS + " topics"));
            topics = List.of();
        }
        for (int i = 0; i < topics.size(); i++) {
            if (topics.get(i) == null || AlertTopic.byId(topics.get(i)).isEmpty()) {
                violations.add(new InvalidInput.Violation("/topics/" + i, "must be one of " + topicIds()));
            }
        }
        if (request.jurisdiction() != null && !JurisdictionCode.isValid(request.jurisdiction())) {
            violations.add(new InvalidInput.Violation("/jurisdiction",
                    "must be a jurisdiction code such as US, US-FL or US-FL-12057"));
        }
        Severity minimum = null;
        if (request.minimumSeverity() != null) {
            // exactly as named, as the API declares them
            minimum = Arrays.stream(Severity.values()).filter(s -> s.name().equals(request.minimumSeverity()))
                    .findFirst().orElse(null);
            if (minimum == null) {
                violations.add(new InvalidInput.Violation("/minimumSeverity",
                        "must be one of " + Arrays.toString(Severity.values())));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
        int limit = config.subscriptions().maxPerAnalyst();
        if (subscriptions.countOfAnalystLocked(agency, analyst) >= limit) {
            LOG.infof("Subscription of %s of %s refused: %d already", analyst, agency, limit);
            throw new LimitReached(limit);
        }
        SubscriptionEntity entity = new SubscriptionEntity();
        entity.id = UUID.randomUUID();
        entity.agency = agency;
        entity.analyst = analyst;
        entity.topics = String.join(",", new LinkedHashSet<>(topics));
        entity.jurisdiction = request.jurisdiction();
        entity.minimumSeverity = minimum;
        entity.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        subscriptions.persist(entity);
        LOG.infof("Subscription %s saved for %s of %s: topics %s", entity.id, analyst, agency, entity.topics);
        return Subscription.of(entity);
    }

    public boolean delete(String agency, String analyst, UUID id) {
        return subscriptions.findOfAnalyst(id, agency, analyst).map(s -> {
            subscriptions.delete(s);
            LOG.infof("Subscription %s deleted by %s of %s", id, analyst, agency);
            return true;
        }).orElse(false);
    }

    /** The analyst's saved subscriptions as a stream filter; with none, every topic. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public StreamFilter filterFor(String agency, String analyst) {
        return new StreamFilter(subscriptions.ofAnalyst(agency, analyst).stream()
                .map(s -> new StreamFilter.Rule(Set.copyOf(topicList(s.topics)), s.jurisdiction, s.minimumSeverity))
                .toList());
    }

    private static List<String> topicList(String topics) {
        return topics.isEmpty() ? List.of() : List.of(topics.split(","));
    }

    private static List<String> topicIds() {
        return Arrays.stream(AlertTopic.values()).map(AlertTopic::id).toList();
    }
}
