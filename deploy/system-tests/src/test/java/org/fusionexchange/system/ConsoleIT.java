package org.fusionexchange.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;

import io.restassured.http.ContentType;

/**
 * The web console in a real headless Chromium (the machine's, never a downloaded one), against the whole stack and
 * the real Keycloak login page: what analysts, reporters and administrators see and do, and what they never see.
 * A failing test leaves a screenshot of each of its pages in target/console-screenshots.
 */
@ExtendWith({ SystemStack.class, ConsoleIT.ScreenshotOnFailure.class })
class ConsoleIT {

    private static Playwright playwright;
    private static Browser browser;
    private final List<BrowserContext> contexts = new ArrayList<>();
    /** Uncaught errors in the console's pages and Content-Security-Policy violations: none is acceptable. */
    private final List<String> pageErrors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium())
                .setHeadless(true)
                // root in CI containers: Chromium's sandbox needs user namespaces it does not get there
                .setArgs(List.of("--no-sandbox")));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @AfterEach
    void closePages() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
        List<String> errors = List.copyOf(pageErrors);
        pageErrors.clear();
        assertEquals(List.of(), errors, "uncaught errors or blocked loads in the console");
    }

    @Test
    void anAnalystSeesAReportsAlertInTheFeedAndOnTheMapWithinTwoSecondsThenItsUpdateAndItsCancel() {
        Page analyst = login("hcso.analyst", "");
        assertThat(live(analyst)).isVisible();
        // the first alert after start warms the JIT of every hop; it is not what the analyst waits for
        String warmUp = ScenarioIT.submit("tampa.reporter", Reports.overdose("US-FL-12057", "AMBER", List.of(),
                "Console warm-up")).path("id");
        assertThat(row(analyst, warmUp)).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));

        String reportId = ScenarioIT.submit("tampa.reporter", Reports.overdose("US-FL-12057", "AMBER", List.of(),
                "Console overdose on Nebraska Avenue")).path("id");
        long accepted = System.nanoTime();
        assertThat(row(analyst, reportId)).isVisible(within(2));
        assertThat(analyst.locator(".alert-marker.report-" + reportId)).isVisible(within(2));
        System.out.printf("Console: alert in the feed and on the map %d ms after the 201%n",
                Duration.ofNanos(System.nanoTime() - accepted).toMillis());
        assertThat(row(analyst, reportId).getByTestId("alert-headline"))
                .hasText("Console overdose on Nebraska Avenue");
        assertThat(row(analyst, reportId).getByTestId("tlp-badge")).hasText("TLP:AMBER");
        assertThat(analyst).hasTitle(Pattern.compile("^\\(\\d+\\) Fusion Exchange$"));

        amend(reportId, "Console overdose, fentanyl confirmed");
        assertThat(row(analyst, reportId)).hasAttribute("data-msg-type", "Update", attributeWithin(5));
        assertThat(row(analyst, reportId).getByTestId("alert-headline"))
                .hasText("Console overdose, fentanyl confirmed");
        assertEquals(1, analyst.locator(rowSelector(reportId)).count(), "an Update replaces its row");

        retract(reportId, "Entered under the wrong case number");
        assertThat(row(analyst, reportId)).hasAttribute("data-msg-type", "Cancel", attributeWithin(5));
        assertThat(row(analyst, reportId)).hasClass(Pattern.compile("\\bcancelled\\b"));
        assertThat(row(analyst, reportId).getByTestId("cancel-reason")).isVisible();
        assertThat(row(analyst, reportId).getByTestId("cancel-reason")).hasAttribute("data-reason", "RETRACTED");
        assertEquals("line-through", row(analyst, reportId).getByTestId("alert-headline")
                .evaluate("e => getComputedStyle(e.closest('s') || e).textDecorationLine"),
                "a cancelled alert is struck through");
    }

    @Test
    void acknowledgingAnAlertInTheConsoleReachesTheApi() {
        Page analyst = login("hcso.analyst", "");
        assertThat(live(analyst)).isVisible();
        String reportId = ScenarioIT.submit("tampa.reporter", Reports.overdose("US-FL-12057", "AMBER", List.of(),
                "Console acknowledgement")).path("id");
        assertThat(row(analyst, reportId)).isVisible(within(15));
        String alertId = row(analyst, reportId).getAttribute("data-alert-id");

        row(analyst, reportId).click();
        assertThat(analyst.getByTestId("alert-detail")).isVisible();
        assertThat(analyst.getByTestId("alert-reason")).isVisible();
        analyst.getByTestId("ack-button").click();
        assertThat(analyst.getByTestId("ack-state")).isVisible(within(5));

        JsonNode alert = given().auth().oauth2(ScenarioIT.token("hcso.analyst"))
                .when().get(SystemStack.url("alert-service") + "/api/v1/alerts/" + alertId)
                .then().statusCode(200).extract().as(JsonNode.class);
        assertFalse(alert.path("acknowledgement").path("at").isMissingNode(), "acknowledged in the API: " + alert);
    }

    @Test
    void aReporterSeesTheApisErrorAtTheFieldCorrectsItAndTheReportIsAccepted() {
        Page reporter = login("tampa.reporter", "#/reports/new");
        Locator form = reporter.getByTestId("report-form");
        assertThat(form).isVisible();
        form.locator("[name='/externalRef']").fill("CONSOLE-" + System.nanoTime());
        form.locator("[name='/type']").selectOption("OVERDOSE");
        form.locator("[name='/occurredAt']").fill(java.time.LocalDateTime.now().minusHours(1)
                .withSecond(0).withNano(0).toString());
        form.locator("[name='/jurisdiction']").fill("Tampa");
        form.locator("[name='/headline']").fill("Filed from the console");
        form.locator("[name='/narrative']").fill("Subject found unresponsive; naloxone given by the first unit.");
        form.locator("[name='/overdose/fatal']").selectOption("false");
        form.locator("[name='/overdose/naloxoneAdministered']").selectOption("true");
        form.locator("[name='/severity']").selectOption("Severe");
        form.locator("[name='/marking/tlp']").selectOption("AMBER");
        form.locator("button[type=submit]").click();

        Locator error = reporter.locator("[data-testid=field-error][data-pointer='/jurisdiction']");
        assertThat(error).isVisible(within(5));
        assertThat(form.locator("[name='/jurisdiction']")).hasAttribute("aria-invalid", "true");
        assertEquals(0, reporter.getByTestId("report-accepted").count(), "nothing was accepted");

        form.locator("[name='/jurisdiction']").fill("US-FL-12057");
        form.locator("button[type=submit]").click();
        Locator accepted = reporter.getByTestId("report-accepted");
        assertThat(accepted).isVisible(within(5));
        String reportId = accepted.getAttribute("data-report-id");
        JsonNode stored = given().auth().oauth2(ScenarioIT.token("tampa.reporter"))
                .when().get(SystemStack.url("intake-service") + "/api/v1/reports/" + reportId)
                .then().statusCode(200).extract().as(JsonNode.class);
        assertEquals("US-FL-12057", stored.path("jurisdiction").asText());
        assertEquals("Filed from the console", stored.path("headline").asText());
    }

    @Test
    void anAdministratorSuspendsAnAgencyAndReinstatesIt() {
        Page admin = login("directory.admin", "#/directory");
        Locator reno = admin.locator("[data-testid=agency-row][data-code='RENO-PD']");
        assertThat(reno).isVisible(within(10));
        assertThat(reno.getByTestId("agency-status")).hasAttribute("data-status", "ACTIVE");

        reno.getByTestId("suspend-button").click();
        admin.getByTestId("confirm-button").click();
        assertThat(reno.getByTestId("agency-status")).hasAttribute("data-status", "SUSPENDED", attributeWithin(5));
        assertEquals("SUSPENDED", agencyStatus("RENO-PD"));

        reno.getByTestId("reinstate-button").click();
        admin.getByTestId("confirm-button").click();
        assertThat(reno.getByTestId("agency-status")).hasAttribute("data-status", "ACTIVE", attributeWithin(5));
        assertEquals("ACTIVE", agencyStatus("RENO-PD"));
    }

    @Test
    void aReporterAmendsAReportWithTheVersionCheckAndRetractsIt() {
        String reportId = ScenarioIT.submit("tampa.reporter", Reports.overdose("US-FL-12057", "AMBER", List.of(),
                "Console: to be amended")).path("id");
        Page reporter = login("tampa.reporter", "#/reports/" + reportId);
        assertThat(reporter.getByTestId("report-status")).isVisible(within(10));
        reporter.getByTestId("amend-button").click();
        Locator form = reporter.getByTestId("report-form");
        form.locator("[name='/headline']").fill("Console: amended in the browser");
        form.locator("button[type=submit]").click();
        assertThat(reporter.getByTestId("report-amended")).isVisible(within(5));
        JsonNode amended = report(reportId);
        assertEquals(2, amended.path("version").asInt());
        assertEquals("Console: amended in the browser", amended.path("headline").asText());

        // someone else amends it meanwhile: the console's version is stale, and it says so instead of overwriting
        reporter.getByTestId("amend-button").click();
        amend(reportId, "Console: amended by the records system");
        reporter.getByTestId("report-form").locator("[name='/headline']").fill("Console: a stale amendment");
        reporter.getByTestId("report-form").locator("button[type=submit]").click();
        assertThat(reporter.getByTestId("stale-warning")).isVisible(within(5));
        assertEquals("Console: amended by the records system", report(reportId).path("headline").asText());

        reporter.getByTestId("retract-button").click();
        reporter.getByTestId("retract-reason").fill("Duplicate of another case");
        reporter.getByTestId("retract-submit").click();
        reporter.getByTestId("confirm-button").click();
        assertThat(reporter.getByTestId("report-retracted")).isVisible(within(5));
        assertEquals("RETRACTED", report(reportId).path("status").asText());
    }

    @Test
    void anAdministratorEditsAnAgencyAndAConcurrentEditIsNotOverwritten() {
        Page admin = login("directory.admin", "#/directory/SLC-PD");
        Locator form = admin.getByTestId("agency-form");
        Locator name = form.locator("[name='/name']");
        assertThat(name).isVisible(within(10));
        String original = name.inputValue();
        name.fill(original + " (edited in the console)");
        form.getByTestId("agency-save").click();
        assertThat(admin.getByTestId("agency-saved")).isVisible(within(5));
        assertEquals(original + " (edited in the console)", agency("SLC-PD").path("name").asText());

        // another administrator saves first: this one is told, and the other's edit stands
        JsonNode current = agency("SLC-PD");
        String etag = given().auth().oauth2(ScenarioIT.token("directory.admin"))
                .when().get(SystemStack.url("directory-service") + "/api/v1/agencies/SLC-PD")
                .then().statusCode(200).extract().header("ETag");
        com.fasterxml.jackson.databind.node.ObjectNode other = current.deepCopy();
        other.put("name", original);
        for (String readOnly : List.of("code", "status", "createdAt", "updatedAt", "version")) {
            other.remove(readOnly);
        }
        given().auth().oauth2(ScenarioIT.token("directory.admin")).contentType(ContentType.JSON)
                .header("If-Match", etag).body(other.toString())
                .when().put(SystemStack.url("directory-service") + "/api/v1/agencies/SLC-PD")
                .then().statusCode(200);
        admin.getByTestId("agency-form").locator("[name='/name']").fill("A stale name");
        admin.getByTestId("agency-form").getByTestId("agency-save").click();
        assertThat(admin.getByTestId("stale-warning")).isVisible(within(5));
        assertEquals(original, agency("SLC-PD").path("name").asText());
    }

    @Test
    void theFeedFiltersByTopicAndAcknowledgement() {
        Page analyst = login("hcso.analyst", "");
        assertThat(live(analyst)).isVisible();
        String overdose = ScenarioIT.submit("tampa.reporter", Reports.overdose("US-FL-12057", "AMBER", List.of(),
                "Console: overdose for the filters")).path("id");
        String seizure = ScenarioIT.submit("tampa.reporter", Reports.report("DRUG_SEIZURE", "US-FL-12057", "AMBER",
                List.of(), "Console: seizure for the filters", "")).path("id");
        assertThat(row(analyst, overdose)).isVisible(within(15));
        assertThat(row(analyst, seizure)).isVisible(within(15));

        analyst.getByTestId("filter-topic").selectOption("drug-seizure");
        assertThat(row(analyst, seizure)).isVisible();
        assertThat(row(analyst, overdose)).hasCount(0);
        analyst.getByTestId("filter-topic").selectOption("");
        assertThat(row(analyst, overdose)).isVisible();

        row(analyst, seizure).click();
        analyst.getByTestId("ack-button").click();
        assertThat(analyst.getByTestId("ack-state")).isVisible(within(5));
        analyst.getByTestId("filter-ack").selectOption("new");
        assertThat(row(analyst, seizure)).hasCount(0);
        assertThat(row(analyst, overdose)).isVisible();
    }

    @Test
    void anAnalystOfAnotherAgencyNeverSeesARedReportNamingOthers() {
        Page named = login("hcso.analyst", "");
        Page other = login("fl.analyst", "");
        assertThat(live(named)).isVisible();
        assertThat(live(other)).isVisible();
        String redId = ScenarioIT.submit("tampa.reporter", Reports.overdose("US-FL-12057", "RED", List.of("HCSO"),
                "Console RED for HCSO only")).path("id");
        String amberId = ScenarioIT.submit("tampa.reporter", Reports.overdose("US-FL-12057", "AMBER", List.of(),
                "Console AMBER after the RED one")).path("id");

        assertThat(row(named, redId)).isVisible(within(15));
        assertThat(row(named, redId).getByTestId("tlp-badge")).hasText("TLP:RED");
        // FL-FUSION covers the county: it gets the AMBER report submitted after the RED one, and never the RED one
        assertThat(row(other, amberId)).isVisible(within(15));
        assertEquals(0, other.locator(rowSelector(redId)).count(), "fl.analyst's feed shows the RED report");
        assertEquals(0, other.locator(".alert-marker.report-" + redId).count(), "fl.analyst's map shows it");
        assertFalse(other.content().contains("Console RED for HCSO only"), "its headline is in fl.analyst's page");
    }

    @Test
    void aNetworkDropIsShownAndNoAlertIsMissedAcrossIt() {
        Page analyst = login("hcso.analyst", "");
        assertThat(live(analyst)).isVisible();
        analyst.context().setOffline(true);
        assertThat(analyst.locator("[data-testid=connection-state]:not([data-state=live])")).isVisible(within(20));
        String duringDrop = ScenarioIT.submit("tampa.reporter", Reports.overdose("US-FL-12057", "AMBER", List.of(),
                "Console: filed while the analyst was offline")).path("id");
        analyst.waitForTimeout(2_000);
        assertEquals(0, analyst.locator(rowSelector(duringDrop)).count(), "seen while offline");

        analyst.context().setOffline(false);
        assertThat(live(analyst)).isVisible(within(30));
        assertThat(row(analyst, duringDrop)).isVisible(within(10));
        assertEquals(1, analyst.locator(rowSelector(duringDrop)).count(), "shown once after the resume");
    }

    @Test
    void theConsoleIsDrawnQuicklyOnceLoggedIn() {
        Page analyst = login("hcso.analyst", "");
        assertThat(live(analyst)).isVisible();
        long start = System.nanoTime();
        analyst.reload();
        assertThat(live(analyst)).isVisible(within(10));
        // the Keycloak session makes the reload's login a redirect without a form: this is the page load an
        // analyst sees, measured here (the benchmark, not this test, is the judge of speed)
        System.out.printf("Console: reloaded and live in %d ms%n",
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    @Test
    void markupInAnotherAgencysReportIsShownAsTextAndNeverRun() {
        Page analyst = login("hcso.analyst", "");
        assertThat(live(analyst)).isVisible();
        String headline = "<img src=x onerror=\\\"window.pwned=1\\\">Console markup";
        String reportId = ScenarioIT.submit("tampa.reporter", Reports.overdose("US-FL-12057", "AMBER", List.of(),
                headline)).path("id");
        assertThat(row(analyst, reportId)).isVisible(within(15));
        assertThat(row(analyst, reportId).getByTestId("alert-headline"))
                .hasText("<img src=x onerror=\"window.pwned=1\">Console markup");
        // the map's tooltip and the detail show it too
        analyst.locator(".alert-marker.report-" + reportId).hover();
        assertThat(analyst.locator(".leaflet-tooltip")).containsText("onerror=");
        row(analyst, reportId).click();
        assertThat(analyst.getByTestId("alert-detail")).containsText("onerror=");
        assertEquals(0, analyst.locator("img[src=x]").count(), "the headline became an element");
        assertEquals(true, analyst.evaluate("() => window.pwned === undefined"), "the headline's script ran");
    }

    @Test
    void tokensLiveOnlyInMemoryNeverInTheBrowsersStorage() {
        Page analyst = login("hcso.analyst", "");
        assertThat(live(analyst)).isVisible();
        String stored = (String) analyst.evaluate("() => JSON.stringify({local: {...localStorage},"
                + " session: {...sessionStorage}, cookies: document.cookie})");
        assertFalse(stored.contains("eyJ"), "a JWT in the browser's storage: " + stored);
    }

    @Test
    void aUserWithoutARoleInTheExchangeIsToldSo() {
        new KeycloakAdmin(SystemStack.keycloak()).createUser("console.norole", "/agencies/HCSO", null);
        Page page = login("console.norole", "");
        assertThat(page.getByTestId("no-role")).isVisible(within(10));
        assertEquals(0, page.getByTestId("alert-feed").count());
        assertEquals(0, page.getByTestId("report-form").count());
    }

    @Test
    void theConsoleSpeaksSpanish() {
        Page analyst = login("hcso.analyst", "");
        assertThat(live(analyst)).isVisible();
        analyst.getByTestId("language").selectOption("es");
        assertThat(analyst.locator("nav")).containsText("Alertas");
        assertThat(analyst).hasTitle(Pattern.compile("Fusion Exchange$"));
    }

    /** Opens the console at the route as a new browser session and logs in on Keycloak's own page. */
    private Page login(String username, String route) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale("en-US")
                .setViewportSize(1280, 800));
        contexts.add(context);
        Page page = context.newPage();
        page.onPageError(error -> pageErrors.add(username + ": " + error));
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                pageErrors.add(username + ": " + message.text());
            }
        });
        long start = System.nanoTime();
        page.navigate(SystemStack.url("alert-service") + "/" + route);
        page.locator("#username").fill(username);
        page.locator("#password").fill("demo");
        page.locator("#kc-login").click();
        assertThat(page.getByTestId("user-name").or(page.getByTestId("no-role")).first()).isVisible(within(15));
        System.out.printf("Console: %s logged in and the console drawn in %d ms%n", username,
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        return page;
    }

    private static Locator live(Page page) {
        return page.locator("[data-testid=connection-state][data-state=live]");
    }

    private static Locator row(Page page, String reportId) {
        return page.locator(rowSelector(reportId));
    }

    private static String rowSelector(String reportId) {
        return "[data-testid=alert-row][data-report-id='" + reportId + "']";
    }

    private static LocatorAssertions.IsVisibleOptions within(int seconds) {
        return new LocatorAssertions.IsVisibleOptions().setTimeout(seconds * 1000.0);
    }

    private static LocatorAssertions.HasAttributeOptions attributeWithin(int seconds) {
        return new LocatorAssertions.HasAttributeOptions().setTimeout(seconds * 1000.0);
    }

    private static void amend(String reportId, String headline) {
        String url = SystemStack.url("intake-service") + "/api/v1/reports/" + reportId;
        String etag = given().auth().oauth2(ScenarioIT.token("tampa.reporter")).when().get(url)
                .then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(ScenarioIT.token("tampa.reporter")).contentType(ContentType.JSON).header("If-Match", etag)
                .body(Reports.overdose("US-FL-12057", "AMBER", List.of(), headline))
                .when().put(url).then().statusCode(200);
    }

    private static void retract(String reportId, String reason) {
        given().auth().oauth2(ScenarioIT.token("tampa.reporter")).contentType(ContentType.JSON)
                .body(Map.of("reason", reason))
                .when().post(SystemStack.url("intake-service") + "/api/v1/reports/" + reportId + "/retraction")
                .then().statusCode(200);
    }

    private static JsonNode report(String reportId) {
        return given().auth().oauth2(ScenarioIT.token("tampa.reporter"))
                .when().get(SystemStack.url("intake-service") + "/api/v1/reports/" + reportId)
                .then().statusCode(200).extract().as(JsonNode.class);
    }

    private static JsonNode agency(String code) {
        return given().auth().oauth2(ScenarioIT.token("directory.admin"))
                .when().get(SystemStack.url("directory-service") + "/api/v1/agencies/" + code)
                .then().statusCode(200).extract().as(JsonNode.class);
    }

    private static String agencyStatus(String code) {
        return given().auth().oauth2(ScenarioIT.token("directory.admin"))
                .when().get(SystemStack.url("directory-service") + "/api/v1/agencies/" + code)
                .then().statusCode(200).extract().path("status");
    }

    private static Path chromium() {
        String configured = System.getProperty("fusion.chromium", System.getenv().getOrDefault("CHROMIUM",
                "/usr/bin/chromium"));
        Path path = Path.of(configured);
        assertTrue(Files.isExecutable(path), "No Chromium at " + path + ": install Debian's chromium (.ci/run does),"
                + " or set CHROMIUM to its path");
        return path;
    }

    /** Before @AfterEach closes them: a screenshot of every page of a failed test. */
    static final class ScreenshotOnFailure implements AfterTestExecutionCallback {
        @Override
        public void afterTestExecution(ExtensionContext context) throws Exception {
            if (context.getExecutionException().isEmpty()) {
                return;
            }
            Path dir = Path.of(System.getProperty("fusion.console.screenshots", "target/console-screenshots"));
            Files.createDirectories(dir);
            ConsoleIT test = (ConsoleIT) context.getRequiredTestInstance();
            int n = 0;
            for (BrowserContext browserContext : test.contexts) {
                for (Page page : browserContext.pages()) {
                    Path file = dir.resolve(context.getRequiredTestMethod().getName() + "-" + (n++) + ".png");
                    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
                    System.out.println("Console screenshot of the failure: " + file.toAbsolutePath());
                }
            }
        }
    }
}
