package org.fusionexchange.directory.service;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.fusionexchange.directory.config.DirectoryConfig;
import org.fusionexchange.directory.service.Agency.Contact;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * The demo agencies of DOMAIN.md, loaded at start-up through the service when directory.demo-data.enabled is true
 * (the local run), so that they are published and provisioned like any other. Codes that exist are skipped. The
 * contacts are made up ({@code example.org}, 555 numbers). Never part of the migrations.
 */
@ApplicationScoped
public class DemoDirectory {

    private static final Logger LOG = Logger.getLogger(DemoDirectory.class);
    private static final String ACTOR = "demo-data";

    private final AgencyService agencies;
    private final DirectoryConfig config;

    public DemoDirectory(AgencyService agencies, DirectoryConfig config) {
        this.agencies = agencies;
        this.config = config;
    }

    void onStart(@Observes @Priority(10) StartupEvent start) {
        if (config.demoData().enabled()) {
            LOG.infof("Demo data: %d agencies created", load());
        }
    }

    /** Creates the demo agencies that do not exist yet, task forces after their members; answers how many. */
    public int load() {
        int created = 0;
        for (AgencyDraft draft : AGENCIES) {
            if (agencies.find(draft.code()).isEmpty()) {
                agencies.create(draft, ACTOR);
                created++;
            }
        }
        return created;
    }

    private static AgencyDraft agency(String code, String name, AgencyKind kind, String country, String phone,
            String... jurisdictions) {
        return new AgencyDraft(code, name, kind, country, List.of(jurisdictions), List.of(), List.of(),
                new Contact(email(code), phone));
    }

    private static String email(String code) {
        return "watch@" + code.toLowerCase(java.util.Locale.ROOT) + ".example.org";
    }

    private static final List<AgencyDraft> AGENCIES = List.of(
            agency("DEA", "Drug Enforcement Administration", AgencyKind.FEDERAL, "US", "+12025550100", "US"),
            agency("FL-FUSION", "Florida Fusion Center", AgencyKind.FUSION_CENTER, "US", "+18505550100", "US-FL"),
            agency("TAMPA-PD", "Tampa Police Department", AgencyKind.LOCAL, "US", "+18135550100", "US-FL-12057"),
            agency("HCSO", "Hillsborough County Sheriff's Office", AgencyKind.LOCAL, "US", "+18135550101",
                    "US-FL-12057"),
            agency("PCSO", "Pinellas County Sheriff's Office", AgencyKind.LOCAL, "US", "+17275550100", "US-FL-12103"),
            agency("AZ-DPS", "Arizona Department of Public Safety", AgencyKind.STATE, "US", "+16025550101", "US-AZ"),
            agency("PHOENIX-PD", "Phoenix Police Department", AgencyKind.LOCAL, "US", "+16025550100", "US-AZ-04013"),
            agency("TUCSON-PD", "Tucson Police Department", AgencyKind.LOCAL, "US", "+15205550100", "US-AZ-04019"),
            agency("AUSTIN-PD", "Austin Police Department", AgencyKind.LOCAL, "US", "+15125550100", "US-TX-48453"),
            agency("CLEVELAND-PD", "Cleveland Division of Police", AgencyKind.LOCAL, "US", "+12165550100",
                    "US-OH-39035"),
            agency("HUNTSVILLE-PD", "Huntsville Police Department", AgencyKind.LOCAL, "US", "+12565550100",
                    "US-AL-01089"),
            agency("RENO-PD", "Reno Police Department", AgencyKind.LOCAL, "US", "+17755550100", "US-NV-32031"),
            agency("SACRAMENTO-PD", "Sacramento Police Department", AgencyKind.LOCAL, "US", "+19165550100",
                    "US-CA-06067"),
            agency("SANDIEGO-PD", "San Diego Police Department", AgencyKind.LOCAL, "US", "+16195550100",
                    "US-CA-06073"),
            agency("SLC-PD", "Salt Lake City Police Department", AgencyKind.LOCAL, "US", "+18015550100",
                    "US-UT-49035"),
            agency("BW-BPS", "Botswana Police Service", AgencyKind.INTERNATIONAL, "BW", "+2673950000", "BW"),
            agency("EC-PN", "Policía Nacional del Ecuador", AgencyKind.INTERNATIONAL, "EC", "+59322950000", "EC"),
            agency("MA-DGSN", "Direction Générale de la Sûreté Nationale (Morocco)", AgencyKind.INTERNATIONAL, "MA",
                    "+212537000000", "MA"),
            agency("NO-KRIPOS", "National Criminal Investigation Service (Norway)", AgencyKind.INTERNATIONAL, "NO",
                    "+4723200000", "NO"),
            agency("TH-ONCB", "Office of the Narcotics Control Board (Thailand)", AgencyKind.INTERNATIONAL, "TH",
                    "+6622450000", "TH"),
            new AgencyDraft("TAMPA-BAY-TF", "Tampa Bay Multijurisdictional Task Force", AgencyKind.TASK_FORCE, "US",
                    List.of("US-FL-12057", "US-FL-12103"), List.of("TAMPA-PD", "HCSO", "PCSO", "FL-FUSION", "DEA"),
                    List.of(ReportType.OVERDOSE, ReportType.DRUG_SEIZURE),
                    new Contact(email("TAMPA-BAY-TF"), "+18135550199")),
            new AgencyDraft("SW-BORDER-TF", "Southwest Border Narcotics Task Force", AgencyKind.TASK_FORCE, "US",
                    List.of("US-AZ", "US-CA-06073"), List.of("AZ-DPS", "PHOENIX-PD", "TUCSON-PD", "SANDIEGO-PD", "DEA"),
                    List.of(ReportType.DRUG_SEIZURE, ReportType.TRAFFICKING),
                    new Contact(email("SW-BORDER-TF"), "+16025550199")));

    /** The codes of the demo agencies. */
    public static final List<String> CODES = AGENCIES.stream().map(AgencyDraft::code).toList();
}
