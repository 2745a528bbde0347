internal import CLibYAML
import HuitongCore

/// Loads YAML files into node trees (being written).
public enum YAMLLoader {}
