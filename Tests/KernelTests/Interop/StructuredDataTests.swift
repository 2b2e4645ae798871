import Foundation
import Kernel
import Testing

@Suite struct StructuredDataTests {
    /// The text between the script tags, as a browser's HTML parser would end it: at the
    /// first `</script`, whatever case.
    static func scriptContent(_ tag: String) -> String? {
        guard tag.hasPrefix("<script type=\"application/ld+json\">") else { return nil }
        let rest = tag.dropFirst("<script type=\"application/ld+json\">".count)
        guard let end = rest.range(of: "</script", options: .caseInsensitive) else { return nil }
        return String(rest[..<end.lowerBound])
    }

    @Test func scriptTagsCannotBeClosedByTheirContent() throws {
        let hostile = "Fest </script><script>alert(1)</script> & <!-- \u{2028} \"quoted\""
        let article = StructuredData.article(
            headline: hostile, description: "</SCRIPT>", url: "https://example.org/a?b=1&c=2",
            datePublished: Date(timeIntervalSince1970: 0), dateModified: nil, language: "de",
            author: .organization(name: "Verein <e.V.>"))
        let tag = article.scriptTag
        let content = try #require(Self.scriptContent(tag))
        // The element ends where it should: at the very end.
        #expect("<script type=\"application/ld+json\">" + content + "</script>" == tag)
        #expect(!content.contains("<") && !content.contains(">") && !content.contains("&"))
        // And the content is JSON with the original text in it.
        let parsed = try JSONValue.parse(Array(content.utf8))
        #expect(parsed["@context"] == "https://schema.org")
        #expect(parsed["@type"] == "Article")
        #expect(parsed["headline"]?.stringValue == hostile)
        #expect(parsed["description"] == "</SCRIPT>")
        #expect(parsed["datePublished"] == "1970-01-01T00:00:00.000Z")
        #expect(parsed["dateModified"] == nil)
        #expect(parsed["author"]?["name"] == "Verein <e.V.>")
    }

    @Test func eventsPlacesAndOrganisations() throws {
        let event = StructuredData.event(
            name: "Sprachcafé", startDate: Date(timeIntervalSince1970: 1_800_000_000), url: "https://example.org/e",
            location: .place(name: "Lernort Mitte", address: .address(street: "Hauptstr. 1", postalCode: "50667", locality: "Köln"),
                              latitude: 50.94, longitude: 6.96),
            organizer: .organization(name: "Integrationsrat", email: "info@example.org"), attendance: .mixed, language: "de")
        let document = event.document
        #expect(document["@type"] == "Event")
        #expect(document["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode")
        #expect(document["location"]?["@type"] == "Place")
        #expect(document["location"]?["address"]?["addressLocality"] == "Köln")
        #expect(document["location"]?["geo"]?["latitude"] == 50.94)
        #expect(document["organizer"]?["email"] == "info@example.org")
        #expect(document["location"]?["@context"] == nil, "only the top level names the context")
    }

    @Test func placesCarryTheirOpeningHours() throws {
        let place = StructuredData.place(
            name: "Lernort Mitte", latitude: 50.94, longitude: 6.96,
            openingHours: [
                .init(days: [.monday, .tuesday], opens: "09:00", closes: "13:00"),
                .init(days: [], opens: "00:00", closes: "00:00", validFrom: "2026-12-24", validThrough: "2026-12-24"),
            ], telephone: "0221 1234")
        let document = try JSONValue.parse(Array(try #require(Self.scriptContent(place.scriptTag)).utf8))
        let hours = try #require(document["openingHoursSpecification"]?.arrayValue)
        #expect(hours.count == 2)
        #expect(hours[0]["@type"] == "OpeningHoursSpecification")
        #expect(hours[0]["dayOfWeek"] == ["https://schema.org/Monday", "https://schema.org/Tuesday"])
        #expect(hours[0]["opens"] == "09:00")
        #expect(hours[1]["dayOfWeek"] == nil)
        #expect(hours[1]["validThrough"] == "2026-12-24")
        #expect(document["telephone"] == "0221 1234")
        #expect(StructuredData.place(name: "Ohne Zeiten").document["openingHoursSpecification"] == nil)
    }
}

@Suite struct OpenAPISchemaTests {
    @Test func schemasAreBuiltAndInferred() throws {
        #expect(JSONSchema.string.nullable().value == ["type": ["string", "null"]])
        #expect(JSONSchema.reference("Error").nullable().value == ["anyOf": [["$ref": "#/components/schemas/Error"], ["type": "null"]]])
        #expect(JSONSchema.object(["a": .string, "b": .integer], optional: ["b"]).value["required"] == ["a"])
        struct Example: Encodable { var id = 1; var title = "x"; var startsAt = Date(timeIntervalSince1970: 0); var tags = ["a"]; var price = 2.5 }
        let inferred = try JSONSchema.inferred(from: Example())
        #expect(inferred.value["properties"]?["id"] == ["type": "integer"])
        #expect(inferred.value["properties"]?["startsAt"] == ["type": "string", "format": "date-time"])
        #expect(inferred.value["properties"]?["tags"] == ["type": "array", "items": ["type": "string"]])
        #expect(inferred.value["properties"]?["price"] == ["type": "number"])
        #expect(inferred.value["required"] == ["id", "price", "startsAt", "tags", "title"])
    }
}

@Suite struct XMLTextTests {
    @Test func escapingRoundTripsThroughTheReader() throws {
        let text = "a < b & c > d \"q\" 'a' \r\n tab\t \u{1} end"
        let root = try XMLReader.parse(Array("<x v=\"\(XMLText.escape(text))\">\(XMLText.escape(text))</x>".utf8))
        #expect(root.text == "a < b & c > d \"q\" 'a' \r\n tab\t \u{FFFD} end")
        // In attributes XML turns literal line feeds and tabs into spaces (§3.3.3); references stay.
        #expect(root.attribute("v") == "a < b & c > d \"q\" 'a' \r  tab  \u{FFFD} end")
    }
}

@Suite struct JSONWritingTests {
    @Test func writesWhatJSONEncoderWouldMeanAndParsesBack() throws {
        let value: JSONValue = [
            "b": [1, 2.5, -3, true, false, nil], "a": "quote \" backslash \\ slash / tab \t line \n nul \u{0} bell \u{7} ☺ مرحبا",
            "nested": ["z": [:], "y": []], "big": .number(1e20), "whole": .number(3.0),
        ]
        let text = String(decoding: value.encoded(), as: UTF8.self)
        #expect(text.hasPrefix("{\"a\":\"quote \\\" backslash \\\\ slash / tab \\t line \\n nul \\u0000 bell \\u0007 ☺ مرحبا\",\"b\":[1,2.5,-3,true,false,null],\"big\":1e+20"))
        #expect(text.hasSuffix("\"nested\":{\"y\":[],\"z\":{}},\"whole\":3}"))
        let reparsed = try JSONValue.parse(value.encoded())
        #expect(reparsed["a"] == value["a"])
        #expect(reparsed["nested"] == value["nested"])
        #expect(reparsed["big"]?.doubleValue == 1e20)
        #expect(JSONValue.number(.nan).encoded() == Array("null".utf8))
    }
}
