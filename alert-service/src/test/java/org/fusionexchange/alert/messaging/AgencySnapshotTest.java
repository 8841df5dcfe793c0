package org.fusionexchange.alert.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.fusionexchange.alert.ContractExamples;
import org.fusionexchange.alert.service.AgencyQuota;
import org.fusionexchange.alert.service.DirectoryAgency;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The directory.agencies contract's examples as this service reads them: the quota, or none. */
class AgencySnapshotTest {

    @Test
    void theQuotaOfTheContractsExampleIsRead() throws Exception {
        AgencySnapshot hcso = snapshot(ContractExamples.read(ContractExamples.AGENCIES.resolve("hcso-quota.json")));
        assertNull(hcso.defect());
        DirectoryAgency agency = hcso.toAgency();
        assertEquals("HCSO", agency.code());
        assertEquals(new AgencyQuota(5, 10), agency.quota());
    }

    @Test
    void aRecordWithoutQuotaHasNone() throws Exception {
        ObjectNode tampa = ContractExamples.read(ContractExamples.AGENCIES.resolve("tampa-pd.json"));
        ((ObjectNode) tampa.get("value")).remove("quota");
        AgencySnapshot absent = snapshot(tampa);
        assertNull(absent.defect());
        assertNull(absent.toAgency().quota());
        ((ObjectNode) tampa.get("value")).putNull("quota");
        assertNull(snapshot(tampa).toAgency().quota());
    }

    @Test
    void aQuotaOutsideTheContractsRangesIsADefect() throws Exception {
        ObjectNode hcso = ContractExamples.read(ContractExamples.AGENCIES.resolve("hcso-quota.json"));
        ObjectNode quota = (ObjectNode) hcso.at("/value/quota");
        quota.put("burst", 4);
        assertEquals("the quota's burst is not from requestsPerSecond to 100000", snapshot(hcso).defect());
        quota.put("requestsPerSecond", 0);
        assertEquals("the quota's requestsPerSecond is not from 1 to 10000", snapshot(hcso).defect());
        quota.removeAll();
        assertEquals("the quota's requestsPerSecond is not from 1 to 10000", snapshot(hcso).defect());
    }

    private static AgencySnapshot snapshot(ObjectNode message) throws Exception {
        return ContractExamples.JSON.treeToValue(message.get("value"), AgencySnapshot.class);
    }
}
