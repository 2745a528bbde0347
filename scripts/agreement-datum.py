#!/usr/bin/env python3
"""Datum conversions exactly as the mapping agreement publishes them, independent of Huitong.

The hand-checked sample-row tests (Tests/HuitongCLITests/SourceSampleRows*Tests.swift) take
their expected coordinates from this script, so that they do not just repeat what the
program computes.

  GCJ-02: the published algorithm on the Krasovsky ellipsoid (a = 6378245.0,
          ee = 0.00669342162296594323); GCJ-02 → WGS-84 is inverted by fixed-point
          iteration until a step is below 1e-12°.
  BD-09:  x_pi = π·3000/180 and the +0.0065 / +0.006 offset.
  Outside China (lon 72.004–137.8347, lat 0.8293–55.8271) there is no offset.

Usage: agreement-datum.py FROM TO LON LAT [LON LAT …]   (FROM, TO: WGS84, GCJ02, BD09)
Prints, per point, the converted lon and lat with 17 significant digits and rounded to 6 decimals
(half away from zero, on the shortest decimal form, as the agreement rounds).
"""
import math
import sys
from decimal import Decimal, ROUND_HALF_UP

A = 6378245.0
EE = 0.00669342162296594323
X_PI = math.pi * 3000.0 / 180.0


def outside_china(lon, lat):
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _lat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r


def _lon(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r


def wgs84_to_gcj02(lon, lat):
    if outside_china(lon, lat):
        return lon, lat
    dlat = _lat(lon - 105.0, lat - 35.0)
    dlon = _lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (A / sqrt_magic * math.cos(rad) * math.pi)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon, lat):
    if outside_china(lon, lat):
        return lon, lat
    w_lon, w_lat = lon, lat
    for _ in range(100):
        g_lon, g_lat = wgs84_to_gcj02(w_lon, w_lat)
        d_lon, d_lat = g_lon - lon, g_lat - lat
        w_lon, w_lat = w_lon - d_lon, w_lat - d_lat
        if abs(d_lon) < 1e-12 and abs(d_lat) < 1e-12:
            break
    return w_lon, w_lat


def bd09_to_gcj02(lon, lat):
    x, y = lon - 0.0065, lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * X_PI)
    return z * math.cos(theta), z * math.sin(theta)


def gcj02_to_bd09(lon, lat):
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


STEPS = {
    ("WGS84", "GCJ02"): [wgs84_to_gcj02],
    ("GCJ02", "WGS84"): [gcj02_to_wgs84],
    ("BD09", "GCJ02"): [bd09_to_gcj02],
    ("GCJ02", "BD09"): [gcj02_to_bd09],
    ("BD09", "WGS84"): [bd09_to_gcj02, gcj02_to_wgs84],
    ("WGS84", "BD09"): [wgs84_to_gcj02, gcj02_to_bd09],
}


def round6(value):
    return Decimal(repr(value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def main(argv):
    if len(argv) < 5 or len(argv) % 2 == 0:
        sys.exit(__doc__)
    steps = STEPS[(argv[1].upper(), argv[2].upper())]
    numbers = [float(text) for text in argv[3:]]
    for lon, lat in zip(numbers[0::2], numbers[1::2]):
        out = (lon, lat)
        for step in steps:
            out = step(*out)
        print(f"{lon} {lat} -> {out[0]:.17g} {out[1]:.17g}  (6 decimals: {round6(out[0])} {round6(out[1])})")


if __name__ == "__main__":
    main(sys.argv)
