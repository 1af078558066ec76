#!/usr/bin/python3
# Collects the fuzz corpus (tests/fuzz/corpus/) from two running sandboxes.
# Not run by the tests: the corpus is committed. To refresh it:
#   ferry-sandbox --port=18431 --state=D --seed=tutorial-dev --shared-storage=S \
#                 --name=Development --seed-migrations=3 &
#   ferry-sandbox --port=18432 --state=P --seed=tutorial-prod --shared-storage=S \
#                 --name=Production &
#   tests/fuzz/make-corpus.py http://127.0.0.1:18431/MicroStrategyLibrary \
#                             http://127.0.0.1:18432/MicroStrategyLibrary
# Samples are kept small (lists cut to a few items) so that mutations stay
# fast; the sandbox request samples (corpus/sandbox-*) are written by hand.
import glob, time, http.cookiejar, json, os, shutil, sys, urllib.error, urllib.request

dev, prod = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, 'corpus')
# The official sample error bodies are already in corpus/client-error; a
# third argument names a folder of more samples to copy there.
reference = sys.argv[3] if len(sys.argv) > 3 else None


class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = None
        r = self.call('POST', '/api/auth/login',
                      {'username': 'administrator', 'password': '', 'loginMode': 1})
        self.token = r[1]['X-MSTR-AuthToken']

    def call(self, method, path, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header('Content-Type', 'application/json')
        if self.token:
            req.add_header('X-MSTR-AuthToken', self.token)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with self.opener.open(req) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()


def put(target, name, data):
    os.makedirs(os.path.join(corpus, target), exist_ok=True)
    if not isinstance(data, bytes):
        data = json.dumps(data, indent=1).encode()
    with open(os.path.join(corpus, target, name), 'wb') as f:
        f.write(data)


def cut(items, n=3):
    return items[:n]


d, p = Client(dev), Client(prod)
tutorial = 'B19DEDCC11D4E0EFC000EB9495D0F44F'
ph = {'X-MSTR-ProjectID': tutorial}

# client-error: the reference bodies and the sandbox's own errors
for path in glob.glob(os.path.join(reference, '*.json')) if reference else []:
    shutil.copy(path, os.path.join(corpus, 'client-error', 'reference-' + os.path.basename(path)))
put('client-error', 'sandbox-404.json', json.loads(d.call('GET', '/api/objects/00')[2]))
put('client-error', 'sandbox-400.json', json.loads(d.call('POST', '/api/migrations', {'x': 1})[2]))
put('client-error', 'proxy-502.html',
    b'<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>\n')
put('client-error', 'modeling.json',
    {'errors': [{'code': 'ERR001', 'message': 'Bad thing', 'ticketId': 'abc', 'iServerCode': -2147072488}]})

# client-migration: records as listed and as read whole
listing = json.loads(d.call('GET', '/api/migrations?limit=3')[2])
for i, record in enumerate(listing['data']):
    put('client-migration', 'listed-%d.json' % i, record)
    full = json.loads(d.call('GET', '/api/migrations/%s?showContent=all' % record['id'])[2])
    put('client-migration', 'full-%d.json' % i, full)

# client-project, client-objects, client-privileges, client-status
put('client-project', 'projects.json', cut(json.loads(d.call('GET', '/api/projects')[2])))
put('client-project', 'project.json', json.loads(d.call('GET', '/api/projects/' + tutorial)[2]))
put('client-objects', 'folder.json', cut(json.loads(d.call('GET', '/api/folders?limit=3', headers=ph)[2])))
search = json.loads(d.call('GET', '/api/searches/results?name=Year&limit=3&getAncestors=true', headers=ph)[2])
put('client-objects', 'search.json', search)
for item in search.get('result', [])[:1]:
    put('client-objects', 'object.json',
        json.loads(d.call('GET', '/api/objects/%s?type=%d&getAncestors=true' % (item['id'], item['type']),
                          headers=ph)[2]))
put('client-privileges', 'privileges.json', json.loads(d.call('GET', '/api/sessions/privileges')[2]))
put('client-status', 'status.json', json.loads(d.call('GET', '/api/status')[2]))
put('client-status', 'storage.json', json.loads(d.call('GET', '/api/mstrServices/library/storage')[2]))

# A migration made here: its
# records on both sides once imported, and its package file (package-mmp).
create = {
    'packageInfo': {
        'type': 'project', 'purpose': 'object_migration', 'name': 'Fuzz corpus',
        'environment': {'id': dev + '/', 'name': dev + '/'},
        'tocView': {'settings': {'defaultAction': 'use_existing',
                                 'aclOnReplacingObjects': 'use_existing',
                                 'aclOnNewObjects': ['keep_acl_as_source_object'],
                                 'updateSchema': None},
                    'content': [{'id': item['id'], 'type': item['type'], 'action': 'replace',
                                 'includeDependents': False}
                                for item in search.get('result', [])[:2]]},
        'treeView': {}},
    'importInfo': {'environment': {'id': prod + '/', 'name': prod + '/'},
                   'project': {'id': tutorial, 'name': 'MicroStrategy Tutorial'}}}
status, _, body = d.call('POST', '/api/migrations', create,
                         {'X-MSTR-ProjectID': tutorial, 'Prefer': 'respond-async'})
mid = json.loads(body)['id']
for _ in range(100):
    record = json.loads(d.call('GET', '/api/migrations/' + mid + '?showContent=all')[2])
    if record['packageInfo']['status'] != 'creating':
        break
    time.sleep(0.1)
put('client-migration', 'created.json', record)
put('client-toc-settings', 'created.json', record['packageInfo']['tocView']['settings'])
status, _, mmp = d.call('GET', '/api/migrations/packages/%s/binary' % record['packageInfo']['id'])
assert status == 200, status
put('package-mmp', 'created.mmp', mmp)
