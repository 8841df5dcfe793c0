package org.fusionexchange.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

/**
 * The web console in the machine's headless Chromium, driven by Playwright (issue 16): how long an analyst waits for
 * the console, and whether the feed stays smooth while thousands of alerts arrive and are scrolled through. The
 * console is "loaded" when its feed is live: drawn, logged in, and its alert stream open. A frame is the time between
 * two of the page's animation frames: while the page's main thread is busy (rendering rows, the map, parsing alerts),
 * none is drawn and the interval grows.
 */
final class Console implements AutoCloseable {

    private static final String LIVE = "[data-testid=connection-state][data-state=live]";
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final double LOAD_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(30);
    /**
     * Set (to anything), the feed stage prints where its long frames went: Chromium's Long Animation Frames of 50 ms
     * or more, each with its scripts (function, file and position in the built bundle) and its style, layout and
     * paint time. A diagnosis, off in published runs.
     */
    static final String LONG_FRAMES_VARIABLE = "FUSION_BENCH_LONG_FRAMES";
    private static final boolean LONG_FRAMES = System.getenv(LONG_FRAMES_VARIABLE) != null;

    private final Playwright playwright;
    private final Browser browser;
    private final String url;

    /** @param url the console's address (alert-service's root) */
    Console(String url) {
        this.url = url;
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium())
                .setHeadless(true)
                // root on CI machines: Chromium's sandbox needs user namespaces it does not get there
                .setArgs(List.of("--no-sandbox")));
    }

    /**
     * New browser sessions, one after another: the console's address, Keycloak's login page, the form sent, until the
     * feed is live. Answers each load's time.
     */
    Latencies logins(String user, String password, int count) {
        Latencies loads = new Latencies();
        for (int i = 0; i < count; i++) {
            try (BrowserContext context = newContext()) {
                Page page = context.newPage();
                long start = System.nanoTime();
                logIn(page, user, password);
                loads.record(System.nanoTime() - start);
            }
        }
        return loads;
    }

    /**
     * One logged-in session reloaded again and again, as an analyst opens the console each day: Keycloak's session
     * answers the login redirect without a form. Answers each reload's time to live.
     */
    Latencies reloads(String user, String password, int count) {
        Latencies loads = new Latencies();
        try (BrowserContext context = newContext()) {
            Page page = context.newPage();
            logIn(page, user, password);
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                page.reload();
                awaitLive(page);
                loads.record(System.nanoTime() - start);
            }
        }
        return loads;
    }

    /**
     * Logs in, then records every frame while {@code arrive} runs and until the feed holds {@code alerts} more rows
     * than it did, then while the feed is scrolled from top to bottom. The frame intervals go to {@code frames};
     * answers how many rows the feed held at the end.
     */
    long framesWhileAlertsArrive(String user, String password, int alerts, Runnable arrive, Latencies frames) {
        try (BrowserContext context = newContext()) {
            Page page = context.newPage();
            logIn(page, user, password);
            Locator count = page.getByTestId("feed-count");
            long before = total(count.textContent());
            page.evaluate("() => { window.benchFrames = []; const frame = t => { window.benchFrames.push(t);"
                    + " requestAnimationFrame(frame); }; requestAnimationFrame(frame); }");
            if (LONG_FRAMES) {
                page.evaluate("() => { window.benchLongFrames = []; new PerformanceObserver(l => l.getEntries()"
                        + ".forEach(e => window.benchLongFrames.push(e.toJSON())))"
                        + ".observe({ type: 'long-animation-frame' }); }");
            }
            arrive.run();
            page.waitForCondition(() -> total(count.textContent()) >= before + alerts,
                    new Page.WaitForConditionOptions().setTimeout(TimeUnit.MINUTES.toMillis(5)));
            // to the bottom of the feed in steps of a screen, two frames each, as a quick reader scrolls
            page.evaluate("async () => { const v = document.querySelector('.feed-viewport');"
                    + " const frame = () => new Promise(r => requestAnimationFrame(r));"
                    + " while (v.scrollTop + v.clientHeight < v.scrollHeight) {"
                    + " v.scrollTop += v.clientHeight; await frame(); await frame(); } }");
            List<?> times = (List<?>) page.evaluate("() => window.benchFrames");
            if (LONG_FRAMES) {
                printLongFrames(page);
            }
            for (int i = 1; i < times.size(); i++) {
                double ms = ((Number) times.get(i)).doubleValue() - ((Number) times.get(i - 1)).doubleValue();
                frames.record(Math.round(ms * 1_000_000));
            }
            return total(count.textContent());
        }
    }

    /** The long frames the page observed, one line each, then a line per script that ran in it. */
    private static void printLongFrames(Page page) {
        Object frames = page.evaluate("() => window.benchLongFrames.map(f => {"
                + " const ms = v => Math.round(v);"
                + " const line = `frame at ${ms(f.startTime)} ms: ${ms(f.duration)} ms, blocking ${ms(f.blockingDuration)},"
                + " style and layout from ${ms(f.styleAndLayoutStart - f.startTime)}, render from ${ms(f.renderStart - f.startTime)}`;"
                + " return [line, ...f.scripts.map(s => `    ${ms(s.duration)} ms ${s.invokerType} ${s.invoker}"
                + " ${s.sourceFunctionName}@${s.sourceURL}:${s.sourceCharPosition}, layout forced ${ms(s.forcedStyleAndLayoutDuration)}`)]"
                + ".join('\\n'); })");
        System.out.println("Long animation frames (" + LONG_FRAMES_VARIABLE + "):");
        ((List<?>) frames).forEach(System.out::println);
    }

    private BrowserContext newContext() {
        return browser.newContext(new Browser.NewContextOptions().setLocale("en-US").setViewportSize(1280, 800));
    }

    private void logIn(Page page, String user, String password) {
        page.navigate(url + "/");
        page.locator("#username").fill(user);
        page.locator("#password").fill(password);
        page.locator("#kc-login").click();
        awaitLive(page);
    }

    private static void awaitLive(Page page) {
        page.locator(LIVE).waitFor(new Locator.WaitForOptions().setTimeout(LOAD_TIMEOUT_MS));
    }

    /** The feed's row count, the last number of "{shown} of {total}"; 0 before it is drawn. */
    private static long total(String countText) {
        long last = 0;
        Matcher m = NUMBER.matcher(countText == null ? "" : countText);
        while (m.find()) {
            last = Long.parseLong(m.group());
        }
        return last;
    }

    /** The machine's Chromium: {@code CHROMIUM}, else Debian's; refused when it is not there. */
    static Path chromium() {
        Path path = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("No Chromium at " + path + ": install Debian's chromium (.ci/run does), "
                    + "or set CHROMIUM to its path");
        }
        return path;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
