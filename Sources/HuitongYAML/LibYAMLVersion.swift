internal import CLibYAML

/// The version of the libyaml library Huitong runs with, for `huitong --version`.
package var libyamlVersion: String { String(cString: yaml_get_version_string()) }
