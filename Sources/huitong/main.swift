import Foundation
import HuitongCLI

let status = await HuitongCommand.main(arguments: Array(CommandLine.arguments.dropFirst()))
exit(status)
