import HuitongCore
import HuitongYAML

/// Steps that check a value and pass it on unchanged: identifiers, phone numbers, lengths.
enum CheckSteps {
    static func register(into registry: inout StepRegistry) {
        registry.register(StepDefinition(name: "gb32100", summary: "unified social credit code check", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, stepName: "gb32100")
            var organisation = false
            if let arguments = c.arguments, !arguments.isNull {
                try c.allowOnly(["organization_code"], in: arguments, stepName: "gb32100")
                organisation = try arguments["organization_code"]?.requireBool() ?? false
            }
            let checkOrganisation = organisation
            return TextSteps.text(c, "gb32100") { text in
                attempt { () throws(StepFailure) in
                    try UnifiedSocialCreditCode.validate(text, checkingOrganizationCode: checkOrganisation)
                    return .string(text)
                }
            }
        })
        registry.register(StepDefinition(name: "mobile_cn", summary: "mainland mobile number check", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, stepName: "mobile_cn")
            try c.refuseArguments("mobile_cn")
            return TextSteps.text(c, "mobile_cn") { text in
                attempt { () throws(StepFailure) in
                    try MobileNumber.validate(text)
                    return .string(text)
                }
            }
        })
        registry.register(StepDefinition(name: "length", summary: "fails outside the length bounds", elementwise: true) { c throws(YAMLError) in
            try c.requireInput(.string, stepName: "length")
            let arguments = try c.requireArguments("length", example: "length: {min: 1, max: 32}")
            try c.allowOnly(["min", "max"], in: arguments, stepName: "length")
            let minimum = try arguments["min"]?.requireInt(), maximum = try arguments["max"]?.requireInt()
            guard minimum != nil || maximum != nil else { throw c.invalid("length needs min, max or both") }
            return CompiledStep(name: "length", outputType: c.inputType, handlesAbsent: false) { value, _ in
                guard let text = value.textForSteps else { return wrongKind(value, expected: "text") }
                let count = text.unicodeScalars.count
                if let minimum, count < minimum { return .failure("shorter than \(minimum) characters (\(count))") }
                if let maximum, count > maximum { return .failure("longer than \(maximum) characters (\(count))") }
                return .value(value)
            }
        })
    }
}
