"""Built-in lists of common UK names of diverse origins, and the nicknames partners use.

Names are drawn per household from one origin group (partners sometimes from another),
so families look like families. Nothing here is anyone's personal data: these are
common given names and surnames, combined at random.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    """The names of one origin group, and its share of the borough's households."""

    share: float
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]


def _w(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ORIGINS: dict[str, Origin] = {
    "british_irish": Origin(
        0.44,
        _w(
            "Olivia Amelia Isla Ava Emily Sophie Grace Lily Chloe Jessica Charlotte Ruby Ella "
            "Holly Megan Lucy Hannah Katie Sarah Emma Rebecca Laura Rachel Claire Elizabeth "
            "Katherine Margaret Susan Patricia Jennifer Deborah Karen Julie Tracey Michelle "
            "Nicola Kelly Gemma Danielle Leanne Shannon Chelsea Courtney Siobhan Niamh Aoife"
        ),
        _w(
            "Oliver Harry Jack George Noah Charlie Jacob Alfie Freddie Thomas James William "
            "Joshua Daniel Samuel Matthew Ryan Liam Connor Callum Jordan Kyle Lewis Jamie Robert "
            "Michael David Richard Stephen Paul Mark Christopher Andrew Anthony Peter John Gary "
            "Lee Dean Craig Wayne Kevin Brian Keith Alan Terry Sean Patrick Declan Ciaran"
        ),
        _w(
            "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Roberts Johnson Lewis "
            "Walker Robinson Wood Thompson White Watson Jackson Wright Green Harris Cooper King "
            "Martin Clarke James Morgan Hughes Edwards Hill Moore Clark Harrison Scott Young "
            "Morris Hall Ward Turner Carter Phillips Mitchell Murphy O'Brien Kelly Byrne Ryan "
            "O'Connor Doyle McCarthy Campbell Stewart MacDonald Fraser O'Neill Gallagher"
        ),
    ),
    "south_asian": Origin(
        0.17,
        _w(
            "Aisha Fatima Zainab Maryam Amina Ayesha Sana Priya Anjali Pooja Simran Harpreet "
            "Gurpreet Nadia Shabnam Farzana Rukhsana Nasreen Samina Parveen Sunita Deepa Kavita "
            "Meena Rekha Shazia Hina Noor Zara Sofia"
        ),
        _w(
            "Mohammed Muhammad Ahmed Ali Hassan Hussain Imran Arjun Rohan Aarav Vikram Rajesh "
            "Sanjay Amir Bilal Hamza Yusuf Ibrahim Omar Zain Harjit Gurdeep Manpreet Jaspal Sunil "
            "Ravi Anil Tariq Asif Kamran Shahid Faisal Adnan Rizwan Abdul Sajid"
        ),
        _w(
            "Khan Patel Begum Hussain Ahmed Ali Akhtar Shah Iqbal Rahman Islam Uddin Miah "
            "Chowdhury Sharma Singh Kaur Gill Sandhu Sidhu Mistry Desai Parmar Joshi Kumar Malik "
            "Butt Raza Qureshi Anwar Mahmood"
        ),
    ),
    "west_african": Origin(
        0.09,
        _w(
            "Adaeze Chiamaka Ngozi Funmilayo Folake Abimbola Temitope Blessing Precious Comfort "
            "Grace Esther Abena Akosua Ama Efua Yaa Nneka Ifeoma Damilola Titilayo Bukola Favour "
            "Mercy"
        ),
        _w(
            "Oluwaseun Chinedu Emeka Obinna Tunde Segun Kwame Kofi Kwabena Yaw Kojo Babatunde "
            "Ayodele Femi Ikenna Chukwuemeka Samuel Daniel Emmanuel David Joseph Michael Godwin "
            "Victor Ebuka"
        ),
        _w(
            "Okafor Adeyemi Okonkwo Mensah Boateng Asante Owusu Osei Adebayo Olawale Nwosu Eze "
            "Obi Agyeman Appiah Oduya Balogun Afolabi Ogunleye Bello Danso Darko Amoah Ibekwe Uche"
        ),
    ),
    "caribbean": Origin(
        0.06,
        _w(
            "Shanice Tia Jada Kezia Keisha Tanisha Marcia Beverley Janet Pauline Sonia Jasmine "
            "Aaliyah Imani Nia Jennifer Michelle"
        ),
        _w(
            "Tyrone Jermaine Marlon Delroy Winston Leon Tyrese Kemar Jamal Andre Devon Darnell "
            "Marcus Dwayne Clive Reuben Anthony Michael"
        ),
        _w(
            "Campbell Brown Williams Thomas Francis Grant Henry Johnson Clarke Reid Gordon Morgan "
            "Bailey Stewart Richards Forbes Spencer Lewis Samuels Anderson"
        ),
    ),
    "eastern_european": Origin(
        0.09,
        _w(
            "Anna Maria Katarzyna Agnieszka Magdalena Joanna Aleksandra Natalia Zuzanna Julia "
            "Ioana Elena Andreea Alina Mihaela Gabriela Ewa Monika Daria Oksana Laura Diana "
            "Kristina Ieva Marta"
        ),
        _w(
            "Piotr Tomasz Krzysztof Marcin Pawel Michal Jakub Kacper Szymon Andrei Alexandru "
            "Ionut Mihai Florin Adrian Darius Bogdan Vasile Lukas Mantas Tomas Jonas Marek Dawid "
            "Ivan"
        ),
        _w(
            "Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Zielinski Szymanski Wozniak "
            "Dabrowski Kozlowski Popescu Ionescu Popa Stan Dumitru Constantin Georgescu Radu "
            "Munteanu Kazlauskas Jankauskas Petrauskas Horvath Novak Kovacs"
        ),
    ),
    "turkish_kurdish_arab": Origin(
        0.06,
        _w(
            "Elif Zeynep Ayse Fatma Emine Hatice Merve Leyla Yasmin Rania Layla Huda Mariam "
            "Dilan Rojda Nour Salma Esra"
        ),
        _w(
            "Mehmet Mustafa Ahmet Ali Hasan Huseyin Ibrahim Emre Murat Kemal Serkan Yusuf Omar "
            "Khalid Karim Tariq Hussein Rebin Baran Kerem"
        ),
        _w(
            "Yilmaz Kaya Demir Sahin Celik Yildiz Yildirim Ozturk Aydin Ozdemir Arslan Dogan "
            "Kilic Aslan Cetin Kara Koc Kurt Al-Sayed Haddad Mansour Nasser Saleh Abbas Hamid"
        ),
    ),
    "somali": Origin(
        0.04,
        _w("Hodan Ayan Faduma Hawa Sahra Ifrah Nimco Sagal Deeqa Khadra Asha Fartun Idil Ubah"),
        _w(
            "Abdi Abdullahi Mohamed Ahmed Hassan Abdirahman Abdirizak Farah Guled Liban Mahad "
            "Yusuf Omar Ismail"
        ),
        _w(
            "Mohamed Ali Hassan Abdi Farah Ahmed Omar Osman Warsame Jama Yusuf Nur Ismail Aden "
            "Hussein Egal Abdullahi"
        ),
    ),
    "east_asian": Origin(
        0.03,
        _w("Mei Li Xin Yan Hui Ling Jing Anh Linh Thao Hoa Mai Yuki"),
        _w("Wei Jun Hao Ming Lei Chen Jian Tuan Minh Duc Hung Long Kenji"),
        _w(
            "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Nguyen Tran Le Pham Hoang Wong Chan Lam"
        ),
    ),
    "iberian_latin": Origin(
        0.02,
        _w(
            "Ana Beatriz Mariana Sofia Ines Carolina Gabriela Camila Daniela Lucia Fernanda Isabela"
        ),
        _w("Joao Pedro Tiago Miguel Rafael Diogo Carlos Luis Jose Andre Bruno Gabriel"),
        _w(
            "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Fernandes "
            "Goncalves Gomes Lopes Marques Alves Garcia Rodriguez Lopez"
        ),
    ),
}

# Nicknames and common alternative spellings partners record instead of the legal forename.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Robert": ("Bob", "Rob", "Bobby"),
    "William": ("Bill", "Will", "Billy"),
    "Elizabeth": ("Liz", "Beth", "Lizzie"),
    "Katherine": ("Kate", "Kathy", "Katie"),
    "Margaret": ("Maggie", "Peggy"),
    "Michael": ("Mike", "Mick"),
    "Christopher": ("Chris",),
    "Daniel": ("Dan", "Danny"),
    "Thomas": ("Tom", "Tommy"),
    "James": ("Jim", "Jimmy"),
    "Joshua": ("Josh",),
    "Matthew": ("Matt",),
    "Samuel": ("Sam", "Sammy"),
    "Jennifer": ("Jen", "Jenny"),
    "Rebecca": ("Becky", "Becca"),
    "Anthony": ("Tony", "Ant"),
    "Stephen": ("Steve", "Steven"),
    "Richard": ("Rich", "Rick"),
    "Andrew": ("Andy", "Drew"),
    "David": ("Dave",),
    "Jacob": ("Jake",),
    "Nicola": ("Nicky", "Nikki"),
    "Deborah": ("Debbie", "Debra"),
    "Patricia": ("Pat", "Trish"),
    "Susan": ("Sue", "Suzanne"),
    "Joseph": ("Joe",),
    "Peter": ("Pete",),
    "Charlotte": ("Charlie", "Lottie"),
    "Olivia": ("Liv",),
    "Jessica": ("Jess",),
    "Danielle": ("Dani",),
    "Callum": ("Calum",),
    "Frederick": ("Freddie",),
    "Mohammed": ("Mohammad", "Muhammad", "Mohamed"),
    "Muhammad": ("Mohammed", "Mohamad"),
    "Mohamed": ("Mohammed", "Mohamud"),
    "Abdullahi": ("Abdi",),
    "Katarzyna": ("Kasia",),
    "Aleksandra": ("Ola", "Alexandra"),
    "Oluwaseun": ("Seun",),
    "Babatunde": ("Tunde",),
    "Chukwuemeka": ("Emeka",),
    "Funmilayo": ("Funmi",),
    "Temitope": ("Tope",),
    "Alexandru": ("Alex",),
    "Gabriela": ("Gabi", "Gabriella"),
    "Hussain": ("Hussein", "Husain"),
    "Yusuf": ("Yousef", "Youssef"),
    "Zainab": ("Zaynab",),
    "Aisha": ("Ayesha", "Aysha"),
    "Piotr": ("Peter",),
    "Pawel": ("Paul",),
    "Michal": ("Michael",),
    "Ioana": ("Joanna",),
}

STREET_WORDS = _w(
    "Alder Ash Beech Birch Cedar Elm Hazel Holly Larch Maple Oak Rowan Willow Yew Chestnut "
    "Linden Poplar Sycamore Juniper Laurel Heather Fern Bramble Thistle Clover Meadow Orchard "
    "Mill Church Station Market Victoria Albert Park Grove Manor Priory Abbey Canal Bridge "
    "Wharf Ferry Harbour Quarry Forge Tannery Brewery Foundry Chapel School Castle Tower "
    "Windmill Hope Union Coronation Jubilee Sparrow Heron Kestrel Lark Swallow Wren"
)
STREET_TYPES = _w(
    "Road Street Avenue Lane Close Way Gardens Crescent Drive Place Terrace Court Walk Rise "
    "Mews Row Grove"
)
STREET_PREFIXES = ("", "", "", "North ", "South ", "Upper ", "Lower ", "Old ", "New ")
LOCALITIES = _w(
    "Northgate Eastmoor Riverside Millbrook Southfield Westcombe Kingsholm Ashdown Brookhill"
)
BOROUGH = "Quayford"
SAINTS = _w("Mary's Joseph's Peter's Anne's John's Luke's Michael's Margaret's Paul's")
GANG_WORDS = _w("Crew Youngers Boyz Gang Squad Mandem Block Olders Certi Side")
STREET_ALIASES = _w(
    "Tiny Biggs Shorty Lil Ghost Smokey Snoopz Tricky Blade Rocket Flash Bones Ace Dred "
    "Mystic Jinx Kid Nitro Fingers Stretch Skinny Chips Munch Kane"
)
LANGUAGES = _w(
    "Polish Urdu Bengali Punjabi Gujarati Somali Arabic Romanian Portuguese Turkish Kurdish "
    "Tamil Twi Yoruba Igbo Lithuanian French Spanish Mandarin Vietnamese"
)
