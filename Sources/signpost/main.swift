import ArgumentParser
import SignpostServer
print("x")
