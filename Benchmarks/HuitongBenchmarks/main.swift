import HuitongCore
print("benchmarks being written")
