#!/usr/bin/python3
# check-svg.py SIZE FILE...: each FILE is well-formed SVG with a square
# "0 0 SIZE SIZE" viewBox. Symbolic icons (-symbolic.svg) must be
# monochrome: no gradients, no images, at most one fill colour.
import re
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'


def check(path, size):
    errors = []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return [f'{path}: not well-formed: {e}']
    if root.tag != SVG + 'svg':
        errors.append(f'{path}: root element is {root.tag}, not svg')
    view_box = root.get('viewBox', '').split()
    if view_box != ['0', '0', str(size), str(size)]:
        errors.append(f'{path}: viewBox is {root.get("viewBox")!r}, not "0 0 {size} {size}"')
    if path.endswith('-symbolic.svg'):
        colours = set()
        for element in root.iter():
            if element.tag in (SVG + 'linearGradient', SVG + 'radialGradient', SVG + 'image'):
                errors.append(f'{path}: a symbolic icon has a {element.tag[len(SVG):]}')
            for attribute in ('fill', 'stroke'):
                value = element.get(attribute)
                if value and re.match(r'#|rgb', value):
                    colours.add(value.lower())
        if len(colours) > 1:
            errors.append(f'{path}: a symbolic icon uses several colours: {sorted(colours)}')
    return errors


def main():
    if len(sys.argv) < 3:
        print('usage: check-svg.py SIZE FILE...', file=sys.stderr)
        return 2
    size = int(sys.argv[1])
    errors = [e for path in sys.argv[2:] for e in check(path, size)]
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
