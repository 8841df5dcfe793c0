package org.fusionexchange.alert.rest;

import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How alerts are written as OASIS CAP 1.2 ({@code alert.cap.*}, environment {@code ALERT_CAP_...}). */
@ConfigMapping(prefix = "alert.cap")
public interface CapConfig {

    /**
     * The exchange's own CAP sender id: the {@code sender} of every CAP alert, followed by {@code /} and the
     * originating agency when there is one ({@code fusion-exchange/TAMPA-PD}). CAP 1.2 forbids spaces, commas and
     * the characters {@code <} and {@code &} in it; so does this setting (and {@code >} and {@code /}).
     */
    @WithDefault("fusion-exchange")
    @Pattern(regexp = "[^\\s,<>&/]+", message = "must not contain spaces, commas, slashes or < > &")
    String senderId();
}
