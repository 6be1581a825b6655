import Foundation

/// The Swedish names of the register's fields, as an office's own spreadsheets head their
/// columns (`Namn;Land;E-post`). `import` reads them as well as the keys. The first name
/// of each is the one a Swedish heading shows; a translator edits this table only.
public enum FieldLabels {
    public static let swedish: [String: [String]] = [
        "name": ["namn"], "country": ["land", "landskod"], "region": ["region", "län", "delstat"],
        "timezone": ["tidszon"], "population": ["invånare", "befolkning", "invånarantal"], "website": ["webbplats", "webb", "hemsida"],
        "notes": ["anteckningar", "kommentar", "övrigt"], "city": ["stad", "ort", "kommun", "vänort"], "home": ["hemkommun"],
        "kind": ["typ", "slag"], "areas": ["områden", "samarbetsområden"], "funding": ["finansiering"], "signed": ["undertecknat", "undertecknad"],
        "since": ["sedan", "från år", "startår"], "until": ["till år", "slutår"], "status": ["status"],
        "council-decision": ["kf-beslut", "fullmäktigebeslut", "beslut"], "review-due": ["utvärdering senast", "utvärderas senast"],
        "partner-city": ["partnerstad", "samarbetsort"], "email": ["e-post", "epost", "mejl", "e-postadress"], "title": ["titel", "rubrik"],
        "unit": ["enhet", "förvaltning"], "association": ["förening", "organisation", "arrangör"], "phone": ["telefon", "mobil", "tel"],
        "language": ["språk"], "staff": ["personal", "internationella kontoret"], "direction": ["riktning"],
        "from": ["från", "från och med", "startdatum"], "to": ["till", "till och med", "slutdatum"],
        "contact": ["kontakt", "kontaktperson", "ansvarig"], "participants": ["deltagare", "antal deltagare"], "purpose": ["syfte"],
        "reported": ["rapporterad", "rapporterat"], "reported-on": ["rapporterad den", "rapportdatum"], "cost": ["kostnad", "belopp"],
        "paid-by": ["betalas av", "betalare"], "partner-organisation": ["partnerorganisation"], "leaders": ["ledare", "antal ledare"],
        "grant-reference": ["bidragsreferens", "diarienummer", "ärendenummer"], "exchange": ["utbyte"],
        "birth-date": ["födelsedatum", "född"], "role": ["roll"], "guardian": ["vårdnadshavare", "målsman"],
        "guardian-phone": ["vårdnadshavares telefon"], "guardian-email": ["vårdnadshavares e-post"],
        "consent-date": ["samtyckesdatum", "samtycke datum"], "consent-by": ["samtycke av", "samtycke från"], "consent": ["samtycke"],
        "special-needs": ["särskilda behov"], "emergency-contact": ["nödkontakt", "anhörig"], "members": ["medlemmar"],
        "joined": ["gick med", "medlem sedan"], "agreement": ["avtal"], "plan": ["handlingsplan", "plan"], "owner": ["ägare", "ansvarig"],
        "due": ["senast", "förfallodatum", "klart senast"], "currency": ["valuta"], "amount": ["belopp", "summa"],
        "payer": ["betalare", "betalas av", "part"], "item": ["avser", "kostnadsslag"], "visit": ["besök"],
        "organisations": ["organisationer", "övriga parter"], "funder": ["bidragsgivare", "finansiär"], "programme": ["program"],
        "reference": ["referens", "diarienummer"], "applied-on": ["ansökt", "ansökningsdatum"], "decision-due": ["beslut väntas"],
        "decided-on": ["beslutsdatum", "beslutad"], "reporting-due": ["rapport senast", "slutrapport senast"],
        "on": ["datum", "undertecknad den"], "summary": ["sammanfattning", "beskrivning"], "changes": ["ändringar"],
        "minor": ["minderårig"], "due-at": ["förfaller"], "rule": ["regel"], "about": ["gäller"], "note": ["anteckning"],
        "sent-at": ["skickad"], "recipient": ["mottagare"], "year": ["år"], "value": ["uppgift"],
    ]

    /// A column (`review_due`, `from`) headed as a Swedish spreadsheet heads it
    /// (`utvärdering senast`, `från`); a column without a Swedish name keeps its key.
    public static func swedishHeading(_ column: String) -> String {
        swedish[column.replacingOccurrences(of: "_", with: "-")]?.first ?? column
    }

    /// The field key a column heading names, among `keys` (a noun's fields): the key
    /// itself, or a Swedish name of it, ignoring case.
    public static func key(forSwedish heading: String, among keys: Set<String>) -> String? {
        let folded = heading.trimmingCharacters(in: .whitespaces).lowercased()
        if keys.contains(folded) { return folded }
        return keys.sorted().first { swedish[$0]?.contains(folded) == true }
    }
}
