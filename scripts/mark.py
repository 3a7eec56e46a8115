#!/usr/bin/env python3
"""Prints the marker comment for a substring of a YAML line (for writing rule tests).
Usage: scripts/mark.py 'LINE' 'SUBSTRING' RULE-ID"""
import sys
line, sub, rule = sys.argv[1], sys.argv[2], sys.argv[3]
col = line.index(sub)
print(("#" + "^" * (len(sub) - 1)) if col == 0 else ("#" + " " * (col - 1) + "^" * len(sub)) + " " + rule)
