package org.fusionexchange.stack.test.openapi;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import io.restassured.authentication.PreemptiveOAuth2HeaderScheme;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Checks every REST Assured exchange of a service's tests against the OpenAPI document that very service serves
 * ({@code /q/openapi}), so that a document drifting from the code fails the build (issue 18).
 * <ul>
 * <li>Every answer is checked: its status must be documented for the operation, and its headers, content type and
 * body must match what the document says of that status.</li>
 * <li>The request is checked whenever the answer is a success (2xx): a request the document forbids must never
 * succeed. A refused request is not checked, since sending what the document forbids is what refusal tests do.</li>
 * <li>Requests to paths the document does not describe ({@code /q/*}, the console's files) and CORS preflights
 * ({@code OPTIONS}) are not checked.</li>
 * </ul>
 * The document is read once per service address, on the first exchange with it. Installed for every test by
 * {@link org.fusionexchange.stack.test.FusionStackTestResource}; a failed check throws an {@link AssertionError}
 * naming each finding.
 */
public final class OpenApiContract implements OrderedFilter {

    /**
     * {@code -Dfusion.openapi-contract.skip=true} leaves the check out, to debug something else while a document is
     * being fixed; the build never sets it.
     */
    public static final String SKIP_PROPERTY = "fusion.openapi-contract.skip";

    /** Where a Quarkus service serves its document. */
    public static final String DOCUMENT_PATH = "/q/openapi";

    private static final OpenApiContract INSTANCE = new OpenApiContract();

    private final Map<String, OpenApiInteractionValidator> validators = new ConcurrentHashMap<>();

    private OpenApiContract() {
    }

    public static OpenApiContract filter() {
        return INSTANCE;
    }

    @Override
    public int getOrder() {
        // after every other filter, so that it sees the request as sent and the answer as received
        return Integer.MAX_VALUE - 1;
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        if (uri.getPath() == null || !uri.getPath().startsWith("/api/") || request.getMethod().equals("OPTIONS")) {
            return response; // not an operation of the document (a CORS preflight is the HTTP layer's)
        }
        OpenApiInteractionValidator validator = validators.computeIfAbsent(origin(uri), OpenApiContract::load);
        Request.Method method = Request.Method.valueOf(request.getMethod().toUpperCase(Locale.ROOT));
        com.atlassian.oai.validator.model.Response answer = RestAssuredResponse.of(response);
        ValidationReport report = response.statusCode() / 100 == 2
                ? validator.validate(asSent(request), answer)
                : validator.validateResponse(uri.getPath(), method, answer);
        if (report.hasErrors()) {
            throw new AssertionError(String.format("%s %s answered %d, which the served OpenAPI document does not "
                    + "allow:%n%s", method, uri.getPath(), response.statusCode(),
                    SimpleValidationReportFormat.getInstance().apply(report)));
        }
        return response;
    }

    /**
     * The request as it went out: REST Assured adds the header of {@code auth().oauth2(token)} after the filters, so
     * it is added here.
     */
    private static Request asSent(FilterableRequestSpecification request) {
        Request seen = RestAssuredRequest.of(request);
        if (!(request.getAuthenticationScheme() instanceof PreemptiveOAuth2HeaderScheme oauth)
                || seen.getHeaderValue("Authorization").isPresent()) {
            return seen;
        }
        SimpleRequest.Builder copy = new SimpleRequest.Builder(seen.getMethod(), seen.getPath());
        seen.getRequestBody().ifPresent(copy::withBody);
        seen.getHeaders().forEach((name, values) -> copy.withHeader(name, List.copyOf(values)));
        seen.getQueryParameters().forEach(name -> copy.withQueryParam(name,
                List.copyOf(seen.getQueryParameterValues(name))));
        return copy.withAuthorization("Bearer " + oauth.getAccessToken()).build();
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static OpenApiInteractionValidator load(String origin) {
        String document = OpenApiDocuments.served(URI.create(origin)).toString();
        return OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withLevelResolver(LevelResolver.create()
                        // what tests may send beyond the document is judged by the refusal it gets, not here
                        .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.IGNORE)
                        // an answer with a status the document does not list is drift
                        .withLevel("validation.response.status.unknown", ValidationReport.Level.ERROR)
                        .withLevel("validation.response.header.missing", ValidationReport.Level.ERROR)
                        .withLevel("validation.response.contentType.notAllowed", ValidationReport.Level.ERROR)
                        .build())
                .build();
    }
}
