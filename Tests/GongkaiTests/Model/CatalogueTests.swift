import Testing
@testable import GongkaiModel

@Suite struct CatalogueTests {
    func matter(_ number: String, duty: String) -> Matter {
        Matter(
            number: number, dutyNumber: duty, name: "事项\(number)", legalBasis: [], implementingBody: "机构",
            boundary: Boundary(levels: [], isSequence: false), flow: Flow(steps: []), situations: [], materials: [],
            responsibilities: [], contacts: [], texts: MatterTexts(), body: "")
    }

    /// Each duty in site order with its matters' positions in catalogue order; a duty without matters is
    /// listed empty, and a matter whose duty is not in the site is under none.
    @Test func matterIndicesByDutyFollowSiteAndCatalogueOrder() {
        let site = Site(
            name: "站", baseURL: nil, address: "址", officeHours: nil, implementingBody: "机构", contacts: [],
            edition: nil, duties: [Duty(number: "1", name: "甲"), Duty(number: "2", name: "乙"), Duty(number: "3", name: "丙")])
        let catalogue = Catalogue(
            site: site, matters: [matter("2.1", duty: "2"), matter("1.1", duty: "1"), matter("2.2", duty: "2"), matter("9.1", duty: "9")],
            policies: [])
        let listed = catalogue.matterIndicesByDuty
        #expect(listed.map(\.duty.number) == ["1", "2", "3"])
        #expect(listed.map(\.indices) == [[1], [0, 2], []])
    }
}
