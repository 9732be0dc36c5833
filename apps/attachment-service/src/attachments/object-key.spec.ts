import { attachmentContentDisposition, objectKeyFor } from './object-key';

const id = '0b9c1e4e-4a8e-4a55-9b7e-0b3c5d6e7f80';

describe('object keys', () => {
  it('is <environmentId>/<yyyy>/<mm>/<dd>/<id> with the UTC date', () => {
    expect(objectKeyFor('6f1c2d3e-aaaa-4bbb-8ccc-1234567890ab', id, new Date('2026-01-02T23:30:00-05:00'))).toBe(
      `6f1c2d3e-aaaa-4bbb-8ccc-1234567890ab/2026/01/03/${id}`,
    );
  });

  it('never lets an environment id add path segments', () => {
    expect(objectKeyFor('../a/b', id, new Date('2026-12-31T00:00:00Z'))).toBe(`___a_b/2026/12/31/${id}`);
    expect(objectKeyFor('', id, new Date('2026-12-31T00:00:00Z'))).toBe(`_/2026/12/31/${id}`);
    expect(objectKeyFor('x'.repeat(300), id, new Date('2026-12-31T00:00:00Z')).split('/')[0]).toHaveLength(64);
  });
});

describe('download content disposition', () => {
  it('names the file in ASCII and in UTF-8', () => {
    expect(attachmentContentDisposition('Rechnung März.pdf')).toBe(
      `attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`,
    );
  });

  it('cannot be broken out of by quotes or line breaks', () => {
    expect(attachmentContentDisposition('a"b\r\nX-Evil: 1')).toBe(
      `attachment; filename="a_b__X-Evil: 1"; filename*=UTF-8''a%22b%0D%0AX-Evil%3A%201`,
    );
  });
});
