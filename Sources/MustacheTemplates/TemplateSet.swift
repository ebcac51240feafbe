/// A set of templates (a gongkai theme's), parsed, with the storage their nodes point into: what pages render from.
package struct TemplateSet: Sendable {
    private let storage: TemplateStorage
    private let templates: [String: Template]

    /// Parses every template; the errors come back by template name.
    /// - Parameter fixed: strings every page carries under one key, written into the tags that name them
    ///   (see `FixedText`).
    package init(parsing sources: [String: String], fixed: FixedStrings? = nil) throws(TemplateSetError) {
        let storage = TemplateStorage(fixed: fixed)
        var templates: [String: Template] = [:]
        var errors: [String: TemplateSyntaxError] = [:]
        for (name, text) in sources {
            do {
                templates[name] = try TemplateParser.parse(text, into: storage)
            } catch {
                errors[name] = error
            }
        }
        guard errors.isEmpty else { throw TemplateSetError(errors: errors) }
        self.storage = storage
        self.templates = templates
    }

    /// The named template over `context`, in the renderer's own buffer (`capacity` bytes to start with);
    /// nil if there is no such template.
    package func renderedBytes(_ name: String, context: Any, capacity: Int = TemplateRenderer.defaultCapacity) -> RenderedBytes? {
        withExtendedLifetime(storage) {
            TemplateRenderer.render(name, in: templates, context: context, fixed: storage.fixed, capacity: capacity)
        }
    }
}

package struct TemplateSetError: Error {
    package let errors: [String: TemplateSyntaxError]
}
