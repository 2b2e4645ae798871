import Testing
@testable import Web

@Suite struct FormTests {
    let page = samplePage(csrfToken: "token-1")

    func registration(_ state: FormState) -> String {
        Form(action: "/demo/de/workshops/3/register", state: state, in: page) { form in
            form.text("name", label: "Name", required: true, autocomplete: "name")
            form.email("email", label: "E-Mail", hint: "Für die Bestätigung")
            form.select("topic", label: "Thema", options: [Choice("pc", "Computer"), Choice("phone", "Handy")])
            form.radios("time", legend: "Uhrzeit", options: [Choice("am", "Vormittag"), Choice("pm", "Nachmittag")], required: true)
            form.checkboxes("needs", legend: "Bedarf", options: [Choice("ramp", "Rampe"), Choice("sign", "Gebärdensprache")])
            form.textarea("note", label: "Nachricht")
            form.number("people", label: "Personen", min: 1, max: 5)
            form.checkbox("consent", label: "Ich bin einverstanden", required: true)
            form.input(.password, "secret", label: "Passwort")
            form.submit("Anmelden")
        }.html.string
    }

    @Test func anEmptyFormHasLabelsRequiredMarkersAndTheToken() {
        let html = registration(FormState())
        #expect(html.hasPrefix(#"<form method="post" action="/demo/de/workshops/3/register" novalidate><input type="hidden" name="_csrf" value="token-1">"#))
        #expect(html.contains(#"<div class="field"><label for="field-name">Name<span class="required"> (Pflichtfeld)</span></label><input class="input" type="text" id="field-name" name="name" autocomplete="name" required></div>"#))
        #expect(html.contains(#"<label for="field-email">E-Mail</label><p class="hint" id="field-email-hint">Für die Bestätigung</p><input class="input" type="email" id="field-email" name="email" autocomplete="email" spellcheck="false" aria-describedby="field-email-hint">"#))
        #expect(html.contains(#"<option value="">Bitte auswählen</option>"#))
        #expect(html.contains(#"<fieldset class="field"><legend>Uhrzeit<span class="required"> (Pflichtfeld)</span></legend>"#))
        #expect(html.contains(#"<input class="input" type="number" id="field-people" name="people" inputmode="numeric" min="1" max="5">"#))
        #expect(!html.contains("error-summary"))
        #expect(!html.contains("aria-invalid"))
    }

    @Test func aRejectedFormKeepsEveryInputAndShowsErrorsBesideTheirFields() {
        var state = FormState(submitted: [
            ("name", ""), ("email", "ayse@example"), ("topic", "phone"), ("time", "pm"), ("needs", "ramp"), ("needs", "sign"),
            ("note", "Ich komme mit\n<Kind>"), ("people", "7"), ("secret", "hunter2"),
        ])
        state.addError("Bitte geben Sie Ihren Namen ein", field: "name")
        state.addError("Diese E-Mail-Adresse ist unvollständig", field: "email")
        state.addError("Bitte stimmen Sie zu", field: "consent")
        state.addError("Höchstens 5 Personen", field: "people")
        let html = registration(state)

        #expect(html.contains(##"<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1"><h2 id="error-summary-title">Bitte prüfen Sie diese 4 Angaben</h2><ul><li><a href="#field-name">Bitte geben Sie Ihren Namen ein</a></li><li><a href="#field-email">Diese E-Mail-Adresse ist unvollständig</a></li><li><a href="#field-consent">Bitte stimmen Sie zu</a></li><li><a href="#field-people">Höchstens 5 Personen</a></li></ul></div>"##))
        #expect(html.contains(#"<div class="field field-error"><label for="field-name">Name<span class="required"> (Pflichtfeld)</span></label><p class="error-message" id="field-name-error"><span class="visually-hidden">Fehler: </span>Bitte geben Sie Ihren Namen ein</p><input class="input" type="text" id="field-name" name="name" value="" autocomplete="name" aria-describedby="field-name-error" aria-invalid="true" required></div>"#))
        #expect(html.contains(#"<input class="input" type="email" id="field-email" name="email" value="ayse@example" dir="auto" autocomplete="email" spellcheck="false" aria-describedby="field-email-hint field-email-error" aria-invalid="true">"#))
        #expect(html.contains(#"<option value="phone" selected>Handy</option>"#))
        #expect(html.contains(#"<input type="radio" id="field-time-1" name="time" value="pm" checked required>"#))
        #expect(html.contains(#"<input type="checkbox" id="field-needs" name="needs" value="ramp" checked>"#))
        #expect(html.contains(#"<input type="checkbox" id="field-needs-1" name="needs" value="sign" checked>"#))
        #expect(html.contains("<textarea id=\"field-note\" name=\"note\" rows=\"5\" dir=\"auto\">Ich komme mit\n&lt;Kind&gt;</textarea>"))
        #expect(html.contains(#"value="7""#))
        #expect(html.contains(#"<input type="checkbox" id="field-consent" name="consent" value="yes" aria-describedby="field-consent-error" aria-invalid="true" required>"#))
        #expect(!html.contains("hunter2"), "passwords are never sent back")
    }

    @Test func errorsOnAGroupMarkEveryChoiceInvalidAndDescribeTheFieldset() {
        var state = FormState()
        state.addError("Bitte wählen Sie eine Uhrzeit", field: "time")
        let html = registration(state)
        #expect(html.contains(#"<fieldset aria-describedby="field-time-error" class="field field-error"><legend>Uhrzeit"#))
        #expect(html.contains(#"<input type="radio" id="field-time" name="time" value="am" aria-invalid="true" required>"#))
        #expect(html.contains(#"<input type="radio" id="field-time-1" name="time" value="pm" aria-invalid="true" required>"#))
        #expect(html.contains(#"<h2 id="error-summary-title">Bitte prüfen Sie diese Angabe</h2>"#))
    }

    @Test func getFormsCarryNoToken() {
        let html = Form(action: "/demo/de/workshops", method: .get, in: page) { form in
            form.text("q", label: "Suche")
        }.html.string
        #expect(html.hasPrefix(#"<form method="get" action="/demo/de/workshops" novalidate><div class="field">"#))
        #expect(!html.contains("_csrf"))
        let anonymous = Form(action: "/x", in: samplePage()) { form in form.submit("Los") }.html.string
        #expect(!anonymous.contains("_csrf"))
    }

    @Test func theSummaryIsInTheReadersLanguageWithItsPluralRules() {
        var state = FormState()
        for number in 1...11 { state.addError("e\(number)", field: "f\(number)") }
        let arabic = Form(action: "/x", state: state, in: samplePage(language: "ar")) { form in form.submit("→") }.html.string
        #expect(arabic.contains("يرجى التحقق من 11 حقلًا"))
        #expect(arabic.contains(#"<span class="visually-hidden">خطأ: </span>"#) == false, "errors of fields not on the form appear only in the summary")
    }

    @Test func fieldIdsHaveNoWhitespace() {
        #expect(FormFields.id(of: "first name") == "field-first-name")
    }
}

@Suite struct ComponentTests {
    @Test func paginationLinksPreviousAndNextWithRel() {
        let html = Pagination(previous: "/demo/de/echo?before=10", next: "/demo/de/echo?after=30", in: samplePage()).html.string
        #expect(html == #"<nav class="pagination" aria-label="Seiten"><a href="/demo/de/echo?before=10" rel="prev">Vorherige Seite</a><a href="/demo/de/echo?after=30" rel="next">Nächste Seite</a></nav>"#)
        #expect(Pagination(previous: nil, next: nil, in: samplePage()).html.isEmpty)
        #expect(!Pagination(previous: nil, next: "/n", in: samplePage()).html.string.contains("prev"))
    }

    @Test func tablesHaveACaptionAndScopedHeaders() {
        let html = Table(caption: "Termine", columns: ["Tag", "Ort"], rows: [["Mo", "Bibliothek"], ["Di", "Rathaus"]]).html.string
        #expect(html == #"<div class="table-wrap"><table><caption>Termine</caption><thead><tr><th scope="col">Tag</th><th scope="col">Ort</th></tr></thead><tbody><tr><th scope="row">Mo</th><td>Bibliothek</td></tr><tr><th scope="row">Di</th><td>Rathaus</td></tr></tbody></table></div>"#)
    }

    @Test func definitionListsPairTermsAndDetails() {
        #expect(DefinitionList([(term: "Datum", details: "3. Mai"), (term: "Ort", details: "Bibliothek")]).html.string
            == "<dl><dt>Datum</dt><dd>3. Mai</dd><dt>Ort</dt><dd>Bibliothek</dd></dl>")
        #expect(DefinitionList([(term: String, details: String)]()).html.isEmpty)
    }

    @Test func cardsAreListItemsWithLinkedHeadings() {
        let list = CardList([
            Card(title: "Handy-Sprechstunde", url: "/demo/de/learning-sites/1", meta: ["Mo 10:00", "Bibliothek"], summary: "Hilfe mit dem Smartphone"),
            Card(title: "Ohne Link", headingLevel: .h2),
        ]).html.string
        #expect(list == #"<ul class="cards" role="list"><li class="card"><h3><a href="/demo/de/learning-sites/1">Handy-Sprechstunde</a></h3><p class="meta">Mo 10:00 · Bibliothek</p><p>Hilfe mit dem Smartphone</p></li><li class="card"><h2>Ohne Link</h2></li></ul>"#)
        #expect(CardList([]).html.isEmpty)
    }

    @Test func buttonLinksAndSubmitButtons() {
        #expect(ButtonLink("Anmelden", url: "/demo/de/x").html.string == #"<a class="button" href="/demo/de/x">Anmelden</a>"#)
        let fields = FormFields(state: FormState(), strings: WebStrings(languages: ["de"]), csrfToken: nil)
        #expect(fields.submit("Absagen", name: "action", value: "cancel", secondary: true).string
            == #"<button type="submit" class="button button-secondary" name="action" value="cancel">Absagen</button>"#)
    }
}
