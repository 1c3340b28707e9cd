import type { Random } from './random';

/** Name pools per nationality (ISO 3166-1 alpha-2), written as on a residence card in Latin script. */
interface NamePool {
  /** Builds one full name. */
  make(rng: Random): string;
}

const familyFirst = (family: string[], given: string[][]): NamePool => ({
  make: (rng) => `${rng.pick(family)} ${rng.pick(rng.pick(given))}`,
});
const givenFirst = (given: string[], family: string[]): NamePool => ({
  make: (rng) => `${rng.pick(given)} ${rng.pick(family)}`,
});

const POOLS: Record<string, NamePool> = {
  VN: {
    make(rng) {
      const family = rng.pick([
        'Nguyen',
        'Tran',
        'Le',
        'Pham',
        'Hoang',
        'Huynh',
        'Phan',
        'Vu',
        'Vo',
        'Dang',
        'Bui',
        'Do',
        'Ho',
        'Ngo',
        'Duong',
        'Ly',
      ]);
      const female = rng.chance(0.5);
      const middle = female
        ? rng.pick(['Thi', 'Ngoc', 'Thu', 'Thanh', 'Kim'])
        : rng.pick(['Van', 'Duc', 'Minh', 'Quang', 'Huu', 'Cong']);
      const given = female
        ? rng.pick([
            'Anh',
            'Chi',
            'Ha',
            'Hang',
            'Hoa',
            'Huong',
            'Lan',
            'Linh',
            'Mai',
            'Nga',
            'Nhung',
            'Phuong',
            'Thao',
            'Trang',
            'Yen',
            'Tuyet',
          ])
        : rng.pick([
            'An',
            'Binh',
            'Cuong',
            'Dung',
            'Hai',
            'Hieu',
            'Hung',
            'Khanh',
            'Long',
            'Nam',
            'Phong',
            'Quan',
            'Son',
            'Thang',
            'Tuan',
            'Viet',
          ]);
      return `${family} ${middle} ${given}`;
    },
  },
  PH: givenFirst(
    [
      'Maria',
      'Jose',
      'Juan Carlo',
      'Mark Anthony',
      'John Paul',
      'Angelica',
      'Kristine',
      'Jerome',
      'Rommel',
      'Marites',
      'Jocelyn',
      'Ramon',
      'Carlo',
      'Joy',
      'Princess',
      'Rhea',
      'Arnel',
      'Jessa',
      'Liza',
      'Ronaldo',
    ],
    [
      'Santos',
      'Reyes',
      'Cruz',
      'Bautista',
      'Ocampo',
      'Garcia',
      'Mendoza',
      'Torres',
      'Villanueva',
      'Dela Cruz',
      'Aquino',
      'Ramos',
      'Castillo',
      'Flores',
      'Navarro',
      'Gonzales',
      'Manalo',
      'Pascual',
    ],
  ),
  NP: givenFirst(
    [
      'Ram',
      'Sita',
      'Bishnu',
      'Krishna',
      'Sunita',
      'Anita',
      'Prakash',
      'Suman',
      'Bikash',
      'Sabina',
      'Rajesh',
      'Gita',
      'Dipak',
      'Sarita',
      'Manoj',
      'Pooja',
      'Nabin',
      'Sujata',
    ],
    [
      'Shrestha',
      'Gurung',
      'Tamang',
      'Rai',
      'Magar',
      'Thapa',
      'Karki',
      'Adhikari',
      'Sharma',
      'Poudel',
      'Bhattarai',
      'Limbu',
      'KC',
      'Basnet',
      'Khadka',
    ],
  ),
  ID: givenFirst(
    [
      'Agus',
      'Budi',
      'Dewi',
      'Eko',
      'Fitri',
      'Hendra',
      'Indah',
      'Joko',
      'Rina',
      'Siti',
      'Wahyu',
      'Yusuf',
      'Ahmad',
      'Putri',
      'Rizki',
      'Nur',
      'Ayu',
      'Dimas',
    ],
    [
      'Santoso',
      'Wijaya',
      'Saputra',
      'Pratama',
      'Setiawan',
      'Hidayat',
      'Kurniawan',
      'Lestari',
      'Rahmawati',
      'Nugroho',
      'Susanto',
      'Wulandari',
      'Permana',
      'Ramadhan',
      'Maulana',
    ],
  ),
  MM: {
    make(rng) {
      const female = rng.chance(0.5);
      const first = female
        ? rng.pick([
            'Su',
            'Thandar',
            'Ei',
            'Hnin',
            'May',
            'Nwe',
            'Khin',
            'Myat',
            'Phyu',
            'Yadanar',
            'Nandar',
            'Thiri',
          ])
        : rng.pick([
            'Aung',
            'Kyaw',
            'Zaw',
            'Min',
            'Htet',
            'Ye',
            'Thu',
            'Soe',
            'Myo',
            'Win',
            'Phyo',
            'Wai',
          ]);
      const rest = female
        ? rng.pick([
            'Myat Noe',
            'Win',
            'Hlaing',
            'Thu Zar',
            'Mon',
            'Ei Phyu',
            'Khaing',
            'Htwe',
            'Nwe Oo',
            'Lwin',
          ])
        : rng.pick([
            'Kyaw Moe',
            'Naing',
            'Htet Aung',
            'Min Thu',
            'Zaw Oo',
            'Lin Htet',
            'Ko Ko',
            'Paing',
            'Soe Win',
            'Myint',
          ]);
      return `${first} ${rest}`;
    },
  },
  CN: familyFirst(
    [
      'Wang',
      'Li',
      'Zhang',
      'Liu',
      'Chen',
      'Yang',
      'Zhao',
      'Huang',
      'Zhou',
      'Wu',
      'Xu',
      'Sun',
      'Ma',
      'Zhu',
      'Hu',
      'Guo',
    ],
    [
      ['Wei', 'Fang', 'Na', 'Min', 'Jing', 'Lei', 'Jun', 'Yan'],
      ['Hao', 'Xiuying', 'Yu', 'Ting', 'Qiang', 'Lin', 'Jie', 'Xin', 'Yifan', 'Zihan'],
    ],
  ),
  LK: givenFirst(
    [
      'Chaminda',
      'Nuwan',
      'Kasun',
      'Dilani',
      'Sanduni',
      'Tharindu',
      'Nadeesha',
      'Ruwan',
      'Chathura',
      'Ishara',
      'Malsha',
      'Lahiru',
    ],
    [
      'Perera',
      'Fernando',
      'Silva',
      'Jayasinghe',
      'Bandara',
      'Wickramasinghe',
      'Herath',
      'Dissanayake',
      'Gunawardena',
      'Rathnayake',
    ],
  ),
  BR: givenFirst(
    [
      'João',
      'Maria',
      'Lucas',
      'Ana',
      'Gabriel',
      'Juliana',
      'Rafael',
      'Fernanda',
      'Bruno',
      'Camila',
      'Thiago',
      'Patrícia',
      'Marcos',
      'Érica',
    ],
    [
      'Silva',
      'Santos',
      'Oliveira',
      'Souza',
      'Pereira',
      'Costa',
      'Yamamoto',
      'Nakamura',
      'Higa',
      'Tanaka',
      'Carvalho',
      'Almeida',
      'Kobayashi Lima',
    ],
  ),
  KR: familyFirst(
    ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim'],
    [
      [
        'Min-jun',
        'Seo-yeon',
        'Ji-hoon',
        'Ha-eun',
        'Hyun-woo',
        'Ji-woo',
        'Soo-min',
        'Dong-hyun',
        'Eun-ji',
        'Jae-won',
        'Yu-na',
        'Sung-ho',
      ],
    ],
  ),
  TH: givenFirst(
    [
      'Somchai',
      'Siriporn',
      'Anan',
      'Malee',
      'Wichai',
      'Kannika',
      'Prasert',
      'Nittaya',
      'Kittisak',
      'Pimchanok',
    ],
    [
      'Srisuk',
      'Chaiyaporn',
      'Wongsa',
      'Boonmee',
      'Saetang',
      'Rattanakorn',
      'Phromma',
      'Kaewkla',
      'Thongdee',
    ],
  ),
  IN: givenFirst(
    [
      'Rahul',
      'Priya',
      'Arjun',
      'Ananya',
      'Vikram',
      'Deepika',
      'Sanjay',
      'Kavya',
      'Aditya',
      'Meera',
    ],
    ['Sharma', 'Patel', 'Iyer', 'Reddy', 'Nair', 'Gupta', 'Singh', 'Rao', 'Menon', 'Krishnan'],
  ),
};

/** Gives realistic, unique full names: a repeated name is drawn again. */
export class NameBook {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Random) {}

  name(nationality: string): string {
    const pool = POOLS[nationality];
    if (!pool) throw new Error(`No name pool for nationality ${nationality}`);
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const candidate = pool.make(this.rng);
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        return candidate;
      }
    }
    throw new Error(`Name pool for ${nationality} is exhausted`);
  }
}
