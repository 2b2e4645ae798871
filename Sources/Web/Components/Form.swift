/// A real HTML form: posts to `action`, carries the session's CSRF token, lists its errors at
/// the top with links to the fields, and renders each field with its label, hint, error and
/// the value the reader entered. Browser validation is off (`novalidate`) so that every error
/// comes from the server, in the reader's language, next to its field.
///
///     Form(action: url, state: state, in: page) { form in
///         form.text("name", label: strings.name, required: true, autocomplete: "name")
///         form.email("email", label: strings.email, hint: strings.emailHint)
///         form.submit(strings.register)
///     }
public struct Form: HTMLComponent, Sendable {
    public enum Method: String, Sendable {
        case get, post
    }

    /// The name of the hidden field that carries the CSRF token.
    public static let csrfFieldName = "_csrf"

    public var action: String
    public var method: Method
    public let fields: FormFields
    private let content: HTML

    public init(
        action: String, method: Method = .post, state: FormState = FormState(), in page: PageContext,
        @HTMLBuilder content: (FormFields) -> HTML
    ) {
        self.action = action
        self.method = method
        fields = FormFields(state: state, strings: page.strings, csrfToken: method == .post ? page.csrfToken : nil)
        self.content = content(fields)
    }

    public var html: HTML {
        element("form", ["method": method.rawValue, "action": action, "novalidate": .flag(true)]) {
            fields.errorSummary()
            if let token = fields.csrfToken {
                element("input", ["type": "hidden", "name": Form.csrfFieldName, "value": token])
            }
            content
        }
    }
}

/// A choice in a select, a radio group or a checkbox group.
public struct Choice: Sendable, Equatable {
    public var value: String
    public var label: String

    public init(_ value: String, _ label: String) {
        self.value = value
        self.label = label
    }
}

/// The kinds of single-line input.
public enum InputKind: String, Sendable {
    case text, email, tel, number, date, time, password, url, search
}

/// Renders the fields of one form against its state; handed to the `Form` content closure.
public struct FormFields: Sendable {
    let state: FormState
    let strings: WebStrings
    let csrfToken: String?

    /// The `id` of a field's control (what its label and the error summary point at).
    public static func id(of name: String) -> String {
        "field-" + String(name.map { $0.isWhitespace ? "-" : $0 })
    }

    public func input(
        _ kind: InputKind, _ name: String, label: String, hint: String? = nil, required: Bool = false,
        autocomplete: String? = nil, attributes: Attributes = Attributes()
    ) -> HTML {
        var core: Attributes = [
            "class": "input", "type": kind.rawValue, "id": FormFields.id(of: name), "name": name,
            "value": kind == .password ? nil : state.value(name), "dir": kind == .password ? nil : directionOfValue(name),
            "autocomplete": autocomplete,
            "inputmode": kind == .number ? "numeric" : nil,
        ]
        core.merge(attributes)
        return field(name, label: label, hint: hint, required: required) { description in
            element("input", describe(core, by: description, required: required))
        }
    }

    public func text(_ name: String, label: String, hint: String? = nil, required: Bool = false, autocomplete: String? = nil) -> HTML {
        input(.text, name, label: label, hint: hint, required: required, autocomplete: autocomplete)
    }

    public func email(_ name: String, label: String, hint: String? = nil, required: Bool = false) -> HTML {
        input(.email, name, label: label, hint: hint, required: required, autocomplete: "email",
              attributes: ["spellcheck": "false"])
    }

    public func tel(_ name: String, label: String, hint: String? = nil, required: Bool = false) -> HTML {
        input(.tel, name, label: label, hint: hint, required: required, autocomplete: "tel")
    }

    public func number(
        _ name: String, label: String, hint: String? = nil, required: Bool = false, min: Int? = nil, max: Int? = nil
    ) -> HTML {
        input(.number, name, label: label, hint: hint, required: required,
              attributes: ["min": min.map { String($0) }, "max": max.map { String($0) }])
    }

    public func date(_ name: String, label: String, hint: String? = nil, required: Bool = false) -> HTML {
        input(.date, name, label: label, hint: hint, required: required)
    }

    public func time(_ name: String, label: String, hint: String? = nil, required: Bool = false) -> HTML {
        input(.time, name, label: label, hint: hint, required: required)
    }

    public func textarea(_ name: String, label: String, hint: String? = nil, required: Bool = false, rows: Int = 5) -> HTML {
        field(name, label: label, hint: hint, required: required) { description in
            element("textarea", describe(
                ["id": FormFields.id(of: name), "name": name, "rows": String(rows), "dir": directionOfValue(name)],
                by: description, required: required)) {
                state.value(name) ?? ""
            }
        }
    }

    /// A drop-down list with an empty "Please choose" first option.
    public func select(_ name: String, label: String, options: [Choice], hint: String? = nil, required: Bool = false) -> HTML {
        let selected = state.value(name)
        return field(name, label: label, hint: hint, required: required) { description in
            element("select", describe(["id": FormFields.id(of: name), "name": name], by: description, required: required)) {
                element("option", ["value": ""]) { strings.formChoose }
                for option in options {
                    element("option", ["value": option.value, "selected": .flag(option.value == selected)]) { option.label }
                }
            }
        }
    }

    /// One yes/no box (consent, "send me reminders"); submits `yes` when ticked.
    public func checkbox(_ name: String, label: String, hint: String? = nil, required: Bool = false) -> HTML {
        let id = FormFields.id(of: name)
        let error = state.error(for: name)
        return element("div", ["class": error == nil ? "field" : "field field-error"]) {
            messages(id: id, hint: hint, error: error)
            element("div", ["class": "choice"]) {
                element("input", describe(
                    ["type": "checkbox", "id": id, "name": name, "value": "yes", "checked": .flag(state.value(name) != nil)],
                    by: describedBy(id: id, hint: hint, error: error), required: required))
                element("label", ["for": id]) {
                    label
                    requiredMarker(required)
                }
            }
        }
    }

    /// Radio buttons: one choice of several, grouped with a legend.
    public func radios(_ name: String, legend: String, options: [Choice], hint: String? = nil, required: Bool = false) -> HTML {
        group("radio", name, legend: legend, options: options, hint: hint, required: required)
    }

    /// Checkboxes: any number of several choices, grouped with a legend.
    public func checkboxes(_ name: String, legend: String, options: [Choice], hint: String? = nil, required: Bool = false) -> HTML {
        group("checkbox", name, legend: legend, options: options, hint: hint, required: required)
    }

    public func hidden(_ name: String, value: String) -> HTML {
        element("input", ["type": "hidden", "name": name, "value": value])
    }

    /// The form's main button. A `name` and `value` tell several buttons apart.
    public func submit(_ label: String, name: String? = nil, value: String? = nil, secondary: Bool = false) -> HTML {
        element("button", [
            "type": "submit", "class": secondary ? "button button-secondary" : "button", "name": name, "value": value,
        ]) { label }
    }

    /// The list of errors at the top of the form, each linking to its field.
    func errorSummary() -> HTML {
        guard state.hasErrors else { return .empty }
        return element("div", ["class": "error-summary", "role": "alert", "aria-labelledby": "error-summary-title", "tabindex": "-1"]) {
            element("h2", ["id": "error-summary-title"]) { strings.formErrorSummary(count: state.errors.count) }
            element("ul") {
                for error in state.errors {
                    element("li") { element("a", ["href": "#" + FormFields.id(of: error.field)]) { error.message } }
                }
            }
        }
    }

    // MARK: - Parts

    /// Label, hint and error above a control, which receives the ids to describe itself by.
    private func field(_ name: String, label: String, hint: String?, required: Bool, control: (Attributes) -> HTML) -> HTML {
        let id = FormFields.id(of: name)
        let error = state.error(for: name)
        return element("div", ["class": error == nil ? "field" : "field field-error"]) {
            element("label", ["for": id]) {
                label
                requiredMarker(required)
            }
            messages(id: id, hint: hint, error: error)
            control(describedBy(id: id, hint: hint, error: error))
        }
    }

    private func group(_ type: String, _ name: String, legend: String, options: [Choice], hint: String?, required: Bool) -> HTML {
        let id = FormFields.id(of: name)
        let error = state.error(for: name)
        let chosen = Set(state.values(name))
        var fieldset = describedBy(id: id, hint: hint, error: error)
        fieldset["aria-invalid"] = nil
        fieldset["class"] = error == nil ? "field" : "field field-error"
        return element("fieldset", fieldset) {
            element("legend") {
                legend
                requiredMarker(required)
            }
            messages(id: id, hint: hint, error: error)
            for (index, option) in options.enumerated() {
                // The first control carries the field's id, so that the error summary lands on it.
                let optionID = index == 0 ? id : "\(id)-\(index)"
                element("div", ["class": "choice"]) {
                    element("input", [
                        "type": type, "id": optionID, "name": name, "value": option.value,
                        "checked": .flag(chosen.contains(option.value)),
                        "aria-invalid": error == nil ? nil : "true",
                        "required": .flag(required && type == "radio"),
                    ])
                    element("label", ["for": optionID]) { option.label }
                }
            }
        }
    }

    /// `auto` for a kept value, so that an address typed in Latin script on an Arabic page (or
    /// Arabic on a German one) shows in its own direction; empty fields follow the page.
    private func directionOfValue(_ name: String) -> String? {
        state.value(name)?.isEmpty == false ? "auto" : nil
    }

    private func messages(id: String, hint: String?, error: String?) -> HTML {
        HTML.fragment([
            hint.map { hint in element("p", ["class": "hint", "id": "\(id)-hint"]) { hint } } ?? .empty,
            error.map { error in
                element("p", ["class": "error-message", "id": "\(id)-error"]) {
                    element("span", ["class": "visually-hidden"]) { strings.formErrorPrefix + " " }
                    error
                }
            } ?? .empty,
        ])
    }

    private func requiredMarker(_ required: Bool) -> HTML {
        guard required else { return .empty }
        return element("span", ["class": "required"]) { " (\(strings.formRequired))" }
    }

    private func describedBy(id: String, hint: String?, error: String?) -> Attributes {
        var attributes = Attributes()
        if hint != nil { attributes.append("\(id)-hint", to: "aria-describedby") }
        if error != nil {
            attributes.append("\(id)-error", to: "aria-describedby")
            attributes["aria-invalid"] = "true"
        }
        return attributes
    }

    private func describe(_ base: Attributes, by description: Attributes, required: Bool) -> Attributes {
        var attributes = base
        attributes["aria-describedby"] = description["aria-describedby"]
        attributes["aria-invalid"] = description["aria-invalid"]
        attributes["required"] = .flag(required)
        return attributes
    }
}
